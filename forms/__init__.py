"""The office's forms: field definitions, validation and the documents on paper."""
