"""Files in and out of the scoring app (Excel sheets in the layouts provinces publish)."""
