/**
 * The {@code k8s} plugin: node and pod statistics from the kubelet's Summary API, read from the
 * kubelet with a client certificate or, in a pod, through the API server's node proxy with fabric8,
 * behind the {@link io.chouette.collectors.k8s.KubeApi} interface.
 */
package io.chouette.collectors.k8s;
