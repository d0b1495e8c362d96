"""The authors' view of the parcours: its flow as a graph with path counts and rules, drawn as SVG."""
