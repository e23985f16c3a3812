package io.chouette.core.dogstatsd.origin;

/**
 * What origin detection needs of a container.
 *
 * @param id the full container id
 * @param name its name, without the Engine's leading {@code /}
 * @param image its image as configured ({@code Config.Image}), e.g. {@code redis:7-alpine}
 */
public record ContainerInfo(String id, String name, String image) {}
