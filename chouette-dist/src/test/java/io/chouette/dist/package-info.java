/**
 * Tests of the distribution: the launcher {@code bin/chouette}, the tarball, the {@code .deb} and
 * its systemd unit, run against what {@code mvn package} built in {@code target/}.
 */
package io.chouette.dist;
