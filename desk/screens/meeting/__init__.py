"""F8 形势分析会: the monthly meetings, one record each, and their decisions."""
