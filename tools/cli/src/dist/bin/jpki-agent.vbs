' jpki agent without a console window, like Pageant: for the Startup folder (Win+R, shell:startup,
' then a shortcut to this file there), or a double click.
'
' Runs jpki.cmd (next to this file) as "jpki.cmd agent ARGS..." in a hidden window, so that the
' agent finds Java and takes its JVM options exactly as from a terminal. Whatever it prints (the
' pipes it serves, the SSH_AUTH_SOCK lines for another pipe, refused requests, why it could not
' start) is appended to %LOCALAPPDATA%\jpki4j\agent.log. PIN prompts appear as dialogs.
' Arguments are passed on: jpki-agent.vbs -a jpki-agent
'
' To stop the agent: Task Manager, the "OpenJDK Platform binary" (java.exe) running jpki, or in
' PowerShell:
'   Get-CimInstance Win32_Process -Filter "Name='java.exe' and CommandLine like '%jpki%agent%'" |
'     ForEach-Object { Stop-Process -Id $_.ProcessId }
Option Explicit

Dim shell, fso, here, dataDir, logFile, args, i, q, inner
Set shell = CreateObject("WScript.Shell")
Set fso = CreateObject("Scripting.FileSystemObject")
q = Chr(34)

here = fso.GetParentFolderName(WScript.ScriptFullName)
dataDir = shell.ExpandEnvironmentStrings("%LOCALAPPDATA%") & "\jpki4j"
If Not fso.FolderExists(dataDir) Then fso.CreateFolder dataDir
logFile = dataDir & "\agent.log"

args = ""
For i = 0 To WScript.Arguments.Count - 1
  args = args & " " & q & WScript.Arguments(i) & q
Next

' cmd /c "<command>": cmd strips the outer quotes and runs the rest as typed.
inner = q & here & "\jpki.cmd" & q & " agent" & args & " >> " & q & logFile & q & " 2>&1"
' 0: hidden window (cmd and the java.exe it starts share it); False: do not wait.
shell.Run "cmd.exe /d /c " & q & inner & q, 0, False
