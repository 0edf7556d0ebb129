"""The Streamlit dashboard over the evidence library (installed as ``evidence/_dashboard``)."""
