"""The pages of the settings dialog, one module each (audio, network, language, updates). Every page
declares the settings it edits, loads them from `app.settings.Settings`, and returns the values
the user chose; fields the administrator locked are shown disabled with the reason."""
