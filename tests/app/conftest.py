"""AppTest layer: show full exception details in tests (the shipped config hides them from visitors)."""

from streamlit import config

config.set_option("client.showErrorDetails", "full")
