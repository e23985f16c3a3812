package io.chouette.core.sketch;

/** A record read from {@code chouette:sketches:wrapped}: a sketch, or why it is not one. */
public sealed interface SketchRecord {

  /** A well-formed record. */
  record Valid(WrappedSketch sketch) implements SketchRecord {}

  /** Not a usable record; to be dropped and counted, never sent. */
  record Rejected(String reason) implements SketchRecord {}
}
