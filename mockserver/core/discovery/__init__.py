"""Discovery: what clients read before they run an API Task (the repository, a bot's interface,
devices, device pools and run-as users), built from the scenario in force."""
