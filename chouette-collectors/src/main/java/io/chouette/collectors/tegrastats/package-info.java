/**
 * The {@code tegrastats} plugin: RAM, temperatures and GPU load of Nvidia Jetson boards, from the
 * first line the {@code tegrastats} program prints.
 */
package io.chouette.collectors.tegrastats;
