"""The network map: the people around the client, their ties, and change over time."""
