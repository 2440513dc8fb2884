"""The investigator's workbench (`oversight serve`): triage, document review, parties and search in a browser."""
