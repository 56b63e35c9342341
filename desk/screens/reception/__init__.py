"""F9 来访来电登记: the reception log's list and forms."""
