"""Placeholder: this format is being written."""
