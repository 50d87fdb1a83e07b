"""Phone notifications to the owner: texts in the store's language, buttons the store acts on."""
