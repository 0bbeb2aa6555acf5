"""Who owns an issue, where it goes, who may act: the questions, as functions over the model."""
