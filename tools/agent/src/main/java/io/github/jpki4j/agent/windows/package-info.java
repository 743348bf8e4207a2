/**
 * The agent on Windows: the transports through which Windows' SSH clients find an agent, over the
 * same backend, card thread and PIN policy as the Unix socket.
 *
 * <ul>
 *   <li>{@link io.github.jpki4j.agent.windows.WindowsAgent}: the entry point; starts and stops the
 *       transports below, and says in one sentence what holds a name it needs.
 *   <li>{@link io.github.jpki4j.agent.windows.PipeServer}: the ssh-agent protocol on a named pipe,
 *       for OpenSSH for Windows ({@code \\.\pipe\openssh-ssh-agent}) and for PuTTY 0.75 and later
 *       ({@link io.github.jpki4j.agent.windows.PageantPipeName}).
 *   <li>{@link io.github.jpki4j.agent.windows.PageantCopyData}: Pageant's original channel, a
 *       hidden window answering {@code WM_COPYDATA} through the client's file mapping.
 *   <li>{@link io.github.jpki4j.agent.windows.SidRules}: who may connect, decided on SIDs.
 *   <li>{@link io.github.jpki4j.agent.windows.Win32}: the thin interface under all of it, the only
 *       place that calls Windows; {@link io.github.jpki4j.agent.windows.JnaWin32} implements it
 *       with JNA and loads on every OS without binding any DLL until a call is made.
 *   <li>{@link io.github.jpki4j.agent.windows.WindowsSelfTest}: the checks the Linux tests make
 *       against the fake, as one contract over any {@code Win32}: {@code jpki agent --self-test}
 *       runs it on a user's Windows through {@code JnaWin32}, the test suite against the fake.
 * </ul>
 *
 * <p>Everything above {@code Win32} is plain Java, tested on Linux against a fake of it. {@code
 * JnaWin32} has not been run on Windows by the project's tests; the self-test is how users run it.
 */
package io.github.jpki4j.agent.windows;
