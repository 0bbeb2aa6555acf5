"""The answer layer: what agents read (the browser's answers, the drills), built on the rules."""
