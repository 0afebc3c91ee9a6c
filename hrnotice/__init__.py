"""Publishing toolkit for the yearly notice on continuing education of professional staff."""
