"""The owner's clients screen: each client's preferences (actions only), export and delete."""
