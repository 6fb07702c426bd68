"""Issue trackers (GitHub Issues, Jira Cloud) that action items are pushed to and synced from."""
