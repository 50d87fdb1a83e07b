"""Operating hours: the weekly model, the schedule that turns hours into a door mode, the form."""
