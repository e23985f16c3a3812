package io.chouette.core.dogstatsd.origin;

import static org.assertj.core.api.Assertions.assertThat;

import io.chouette.core.config.OriginDetectionConfig.Cardinality;
import org.junit.jupiter.api.Test;

/** The Agent's container tag names and the split of an image reference. */
class ContainerTagsTest {

  @Test
  void lowCardinalityTagsTheImage() {
    ContainerInfo redis = new ContainerInfo("abc123", "cache", "redis:7-alpine");

    assertThat(ContainerTags.of(redis, Cardinality.LOW))
        .containsExactly(
            "docker_image:redis:7-alpine",
            "image_name:redis",
            "short_image:redis",
            "image_tag:7-alpine");
  }

  @Test
  void highCardinalityAddsTheContainer() {
    ContainerInfo app =
        new ContainerInfo("abc123", "web-1", "registry.lan:5000/team/app:1.2@sha256:0123abcd");

    assertThat(ContainerTags.of(app, Cardinality.HIGH))
        .containsExactly(
            "docker_image:registry.lan:5000/team/app:1.2",
            "image_name:registry.lan:5000/team/app",
            "short_image:app",
            "image_tag:1.2",
            "container_name:web-1",
            "container_id:abc123");
  }

  @Test
  void anUntaggedImageIsLatest() {
    ContainerInfo app = new ContainerInfo("abc123", "web-1", "registry.lan:5000/app");

    assertThat(ContainerTags.of(app, Cardinality.LOW))
        .containsExactly(
            "docker_image:registry.lan:5000/app",
            "image_name:registry.lan:5000/app",
            "short_image:app",
            "image_tag:latest");
  }
}
