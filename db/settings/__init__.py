"""The village, its hamlets, cadres and dispute types (db.settings.village)."""
