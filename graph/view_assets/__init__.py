"""Files the HTML view inlines: its page template, script and style (vis-network itself comes from pyvis)."""
