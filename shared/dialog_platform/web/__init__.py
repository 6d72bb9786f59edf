"""Web building blocks every service uses: app-factory steps, errors, health, metrics."""
