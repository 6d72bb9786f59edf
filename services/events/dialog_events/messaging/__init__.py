"""What the events service tells the others."""
