package io.chouette.core.dogstatsd.origin;

import io.chouette.core.config.OriginDetectionConfig.Cardinality;
import java.util.ArrayList;
import java.util.List;

/**
 * A container's tags, as the Agent's docker tagger names them: {@code image_name}, {@code
 * short_image}, {@code image_tag}, {@code docker_image} at low cardinality, plus {@code
 * container_name} and {@code container_id} at high cardinality.
 */
public final class ContainerTags {

  private ContainerTags() {}

  /**
   * The tags of {@code container}. For {@code registry:5000/team/app:1.2@sha256:...}: {@code
   * docker_image:registry:5000/team/app:1.2}, {@code image_name:registry:5000/team/app}, {@code
   * short_image:app}, {@code image_tag:1.2}; an image without a tag is {@code latest}.
   */
  public static List<String> of(ContainerInfo container, Cardinality cardinality) {
    List<String> tags = new ArrayList<>(6);
    String image = container.image() == null ? "" : container.image().trim();
    int digest = image.indexOf('@');
    if (digest >= 0) {
      image = image.substring(0, digest);
    }
    if (!image.isEmpty()) {
      int colon = image.lastIndexOf(':');
      boolean tagged = colon > image.lastIndexOf('/');
      String name = tagged ? image.substring(0, colon) : image;
      String tag = tagged ? image.substring(colon + 1) : "latest";
      tags.add("docker_image:" + image);
      tags.add("image_name:" + name);
      tags.add("short_image:" + name.substring(name.lastIndexOf('/') + 1));
      tags.add("image_tag:" + tag);
    }
    if (cardinality == Cardinality.HIGH) {
      if (container.name() != null && !container.name().isEmpty()) {
        tags.add("container_name:" + container.name());
      }
      tags.add("container_id:" + container.id());
    }
    return tags;
  }
}
