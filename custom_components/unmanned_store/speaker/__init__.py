"""The shop speaker: announcement queue, presets and texts, and the media player it drives."""
