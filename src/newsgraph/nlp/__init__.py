"""Natural-language processing on spaCy: loading the chosen pipeline, sentences, and (later) the
actor, event, claim, place and time components."""
