package io.mpathj.api.map;

/**
 * One path of a priority group, as the kernel's INFO status shows it, plus what the transport says.
 *
 * @param name the path's device name ({@code sim:a/p1/0})
 * @param group the group's number, 1-based
 * @param active the kernel's A (usable) or F (failed)
 * @param failCount how often the map failed this path
 * @param online whether the transport reaches the device
 * @param ios I/Os sent on this path since the table was loaded
 */
public record PathView(String name, int group, boolean active, int failCount, boolean online, long ios) {
}
