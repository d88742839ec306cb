"""Text normalisation: LaTeX and Unicode, names, identifiers."""
