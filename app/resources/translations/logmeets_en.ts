<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>AboutDialog</name>
    <message>
        <source>Copied. Paste it into your message to IT support; it holds no passwords.</source>
        <translation>Copied. Paste it into your message to IT support; it holds no passwords.</translation>
    </message>
    <message>
        <source>About LogMeets Recorder</source>
        <translation>About LogMeets Recorder</translation>
    </message>
    <message>
        <source>LogMeets Recorder</source>
        <translation>LogMeets Recorder</translation>
    </message>
    <message>
        <source>Version {version}</source>
        <translation>Version {version}</translation>
    </message>
    <message>
        <source>Data folder:</source>
        <translation>Data folder:</translation>
    </message>
    <message>
        <source>Log folder:</source>
        <translation>Log folder:</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Open</translation>
    </message>
    <message>
        <source>Open data folder</source>
        <translation>Open data folder</translation>
    </message>
    <message>
        <source>Open log folder</source>
        <translation>Open log folder</translation>
    </message>
    <message>
        <source>Copy diagnostics</source>
        <translation>Copy diagnostics</translation>
    </message>
    <message>
        <source>Versions, system, audio devices, settings and recent errors; no passwords</source>
        <translation>Versions, system, audio devices, settings and recent errors; no passwords</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Close</translation>
    </message>
</context>
<context>
    <name>AccountLabel</name>
    <message>
        <source>Account</source>
        <translation>Account</translation>
    </message>
    <message>
        <source>{user} at {server}</source>
        <translation>{user} at {server}</translation>
    </message>
    <message>
        <source>Signed in; recordings upload to this server</source>
        <translation>Signed in; recordings upload to this server</translation>
    </message>
    <message>
        <source>Not signed in</source>
        <translation>Not signed in</translation>
    </message>
    <message>
        <source>Sign in to upload recordings; you can record without it</source>
        <translation>Sign in to upload recordings; you can record without it</translation>
    </message>
</context>
<context>
    <name>AudioPage</name>
    <message>
        <source>Audio</source>
        <translation>Audio</translation>
    </message>
    <message>
        <source>What the computer plays (the other side of an online meeting), recorded as a second channel beside the microphone. The switch beside the microphone in the main window follows this choice.</source>
        <translation>What the computer plays (the other side of an online meeting), recorded as a second channel beside the microphone. The switch beside the microphone in the main window follows this choice.</translation>
    </message>
    <message>
        <source>Microphone:</source>
        <translation>Microphone:</translation>
    </message>
    <message>
        <source>Computer audio:</source>
        <translation>Computer audio:</translation>
    </message>
    <message>
        <source>Sample rate:</source>
        <translation>Sample rate:</translation>
    </message>
    <message>
        <source>Channels:</source>
        <translation>Channels:</translation>
    </message>
    <message>
        <source>Sample format:</source>
        <translation>Sample format:</translation>
    </message>
    <message>
        <source>Chunk length:</source>
        <translation>Chunk length:</translation>
    </message>
    <message>
        <source>System default</source>
        <translation>System default</translation>
    </message>
    <message>
        <source>Off</source>
        <translation>Off</translation>
    </message>
    <message>
        <source>Default output (follows the system&apos;s output)</source>
        <translation>Default output (follows the system&apos;s output)</translation>
    </message>
    <message>
        <source>Mono</source>
        <translation>Mono</translation>
    </message>
    <message>
        <source>Stereo</source>
        <translation>Stereo</translation>
    </message>
    <message>
        <source>16-bit (smaller files)</source>
        <translation>16-bit (smaller files)</translation>
    </message>
    <message>
        <source>24-bit (more headroom)</source>
        <translation>24-bit (more headroom)</translation>
    </message>
    <message>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <source>Never</source>
        <translation>Never</translation>
    </message>
    <message>
        <source>{name} (not available now)</source>
        <translation>{name} (not available now)</translation>
    </message>
    <message>
        <source> min</source>
        <translation> min</translation>
    </message>
    <message>
        <source>Remind me of a recording after:</source>
        <translation>Remind me of a recording after:</translation>
    </message>
    <message>
        <source>Warn of a silent microphone after:</source>
        <translation>Warn of a silent microphone after:</translation>
    </message>
</context>
<context>
    <name>ForgetFlow</name>
    <message>
        <source>Untitled recording</source>
        <translation>Untitled recording</translation>
    </message>
    <message>
        <source>Recording forgotten: its key is erased from this computer.</source>
        <translation>Recording forgotten: its key is erased from this computer.</translation>
    </message>
</context>
<context>
    <name>GeneralPage</name>
    <message>
        <source>General</source>
        <translation>General</translation>
    </message>
    <message>
        <source>&amp;Start LogMeets Recorder when I log in</source>
        <translation>&amp;Start LogMeets Recorder when I log in</translation>
    </message>
    <message>
        <source>Start when I log in</source>
        <translation>Start when I log in</translation>
    </message>
    <message>
        <source>It starts in the tray without opening its window, so that recordings left on this computer are uploaded without you having to remember.</source>
        <translation>It starts in the tray without opening its window, so that recordings left on this computer are uploaded without you having to remember.</translation>
    </message>
    <message>
        <source>Start at login help</source>
        <translation>Start at login help</translation>
    </message>
    <message>
        <source>&amp;Offer to record when a meeting app starts using the microphone</source>
        <translation>&amp;Offer to record when a meeting app starts using the microphone</translation>
    </message>
    <message>
        <source>Offer to record meetings</source>
        <translation>Offer to record meetings</translation>
    </message>
</context>
<context>
    <name>HistoryFlow</name>
    <message>
        <source>Untitled recording</source>
        <translation>Untitled recording</translation>
    </message>
    <message>
        <source>Removed from the history on this computer.</source>
        <translation>Removed from the history on this computer.</translation>
    </message>
</context>
<context>
    <name>LanguagePage</name>
    <message>
        <source>Language</source>
        <translation>Language</translation>
    </message>
    <message>
        <source>Language:</source>
        <translation>Language:</translation>
    </message>
    <message>
        <source>System language</source>
        <translation>System language</translation>
    </message>
    <message>
        <source>The window changes language as soon as you save.</source>
        <translation>The window changes language as soon as you save.</translation>
    </message>
    <message>
        <source>Language help</source>
        <translation>Language help</translation>
    </message>
</context>
<context>
    <name>LevelMeter</name>
    <message>
        <source>Mic</source>
        <translation>Mic</translation>
    </message>
    <message>
        <source>Computer</source>
        <translation>Computer</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Cannot record</source>
        <translation>Cannot record</translation>
    </message>
    <message>
        <source>Marker {n}</source>
        <translation>Marker {n}</translation>
    </message>
    <message>
        <source>Computer audio cannot be recorded: allow LogMeets under System Settings &gt; Privacy and Security &gt; Screen and System Audio Recording. The microphone is being recorded.</source>
        <translation>Computer audio cannot be recorded: allow LogMeets under System Settings &gt; Privacy and Security &gt; Screen and System Audio Recording. The microphone is being recorded.</translation>
    </message>
    <message>
        <source>Computer audio is not reaching the recording; the microphone is.</source>
        <translation>Computer audio is not reaching the recording; the microphone is.</translation>
    </message>
    <message>
        <source>Computer audio is being recorded again</source>
        <translation>Computer audio is being recorded again</translation>
    </message>
    <message>
        <source>Recording from {device}</source>
        <translation>Recording from {device}</translation>
    </message>
    <message>
        <source>The microphone {device} stopped delivering audio. Trying to reconnect…</source>
        <translation>The microphone {device} stopped delivering audio. Trying to reconnect…</translation>
    </message>
    <message>
        <source>Microphone lost</source>
        <translation>Microphone lost</translation>
    </message>
    <message>
        <source>Recording continues on {device}</source>
        <translation>Recording continues on {device}</translation>
    </message>
    <message>
        <source>Disk space is low: about {minutes} min of recording left.</source>
        <translation>Disk space is low: about {minutes} min of recording left.</translation>
    </message>
    <message>
        <source>Disk space low</source>
        <translation>Disk space low</translation>
    </message>
    <message>
        <source>Recording stopped: the disk is almost full. Everything recorded is saved.</source>
        <translation>Recording stopped: the disk is almost full. Everything recorded is saved.</translation>
    </message>
    <message>
        <source>Recording stopped: the microphone was lost and did not come back. Everything recorded is saved.</source>
        <translation>Recording stopped: the microphone was lost and did not come back. Everything recorded is saved.</translation>
    </message>
    <message>
        <source>Recording stopped because of an error. Everything recorded until then is saved.</source>
        <translation>Recording stopped because of an error. Everything recorded until then is saved.</translation>
    </message>
    <message>
        <source>Recording stopped: the set duration was reached.</source>
        <translation>Recording stopped: the set duration was reached.</translation>
    </message>
    <message>
        <source>Recording stopped</source>
        <translation>Recording stopped</translation>
    </message>
    <message>
        <source>LogMeets Recorder stopped unexpectedly during a recording. The last {seconds} s were recovered from the crash journal and will be uploaded with the rest.</source>
        <translation>LogMeets Recorder stopped unexpectedly during a recording. The last {seconds} s were recovered from the crash journal and will be uploaded with the rest.</translation>
    </message>
    <message>
        <source>Recording recovered</source>
        <translation>Recording recovered</translation>
    </message>
    <message>
        <source>Signed in</source>
        <translation>Signed in</translation>
    </message>
    <message>
        <source>LogMeets Recorder</source>
        <extracomment>The transport and marker keys (portable text). Each must clash with no Qt standard key (`QKeySequence.StandardKey`) of any platform: tests/gui/test_gui_shortcuts.py checks it.</extracomment>
        <translation>LogMeets Recorder</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <source>&amp;Recording</source>
        <translation>&amp;Recording</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>Record</translation>
    </message>
    <message>
        <source>Pause / Resume</source>
        <translation>Pause / Resume</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Stop</translation>
    </message>
    <message>
        <source>Add marker</source>
        <translation>Add marker</translation>
    </message>
    <message>
        <source>Sign in…</source>
        <translation>Sign in…</translation>
    </message>
    <message>
        <source>Sign out</source>
        <translation>Sign out</translation>
    </message>
    <message>
        <source>Settings…</source>
        <translation>Settings…</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Quit</translation>
    </message>
    <message>
        <source>Recordings</source>
        <translation>Recordings</translation>
    </message>
    <message>
        <source>Notice</source>
        <translation>Notice</translation>
    </message>
    <message>
        <source>Upload state</source>
        <translation>Upload state</translation>
    </message>
    <message>
        <source>Start a new recording ({key})</source>
        <translation>Start a new recording ({key})</translation>
    </message>
    <message>
        <source>Menu bar</source>
        <translation>Menu bar</translation>
    </message>
    <message>
        <source>Status bar</source>
        <translation>Status bar</translation>
    </message>
    <message>
        <source>Exported to {path}</source>
        <translation>Exported to {path}</translation>
    </message>
    <message>
        <source>LogMeets {version} is available. This installation is updated by your package manager or your IT support.</source>
        <translation>LogMeets {version} is available. This installation is updated by your package manager or your IT support.</translation>
    </message>
    <message>
        <source>Stop the recording first; the update is installed when LogMeets restarts.</source>
        <translation>Stop the recording first; the update is installed when LogMeets restarts.</translation>
    </message>
    <message>
        <source>Restart to update ({version})</source>
        <translation>Restart to update ({version})</translation>
    </message>
    <message>
        <source>Update available: {version}</source>
        <translation>Update available: {version}</translation>
    </message>
    <message>
        <source>Update</source>
        <translation>Update</translation>
    </message>
    <message>
        <source>Still running</source>
        <translation>Still running</translation>
    </message>
    <message>
        <source>LogMeets Recorder keeps recording and uploading in the background. Open it from the tray; choose Quit there to end it.</source>
        <translation>LogMeets Recorder keeps recording and uploading in the background. Open it from the tray; choose Quit there to end it.</translation>
    </message>
    <message>
        <source>LogMeets Recorder keeps recording and uploading while its window is minimised. Choose Quit in its File menu to end it.</source>
        <translation>LogMeets Recorder keeps recording and uploading while its window is minimised. Choose Quit in its File menu to end it.</translation>
    </message>
    <message>
        <source>About LogMeets Recorder…</source>
        <translation>About LogMeets Recorder…</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <source>Microphone silent</source>
        <translation>Microphone silent</translation>
    </message>
    <message>
        <source>The microphone {device} has picked up nothing for {seconds} s. Check that it is not muted (on the headset or in the system settings), that LogMeets Recorder is allowed to use the microphone (on macOS: System Settings, Privacy and Security, Microphone), and that the right microphone is chosen. Recording goes on.</source>
        <translation>The microphone {device} has picked up nothing for {seconds} s. Check that it is not muted (on the headset or in the system settings), that LogMeets Recorder is allowed to use the microphone (on macOS: System Settings, Privacy and Security, Microphone), and that the right microphone is chosen. Recording goes on.</translation>
    </message>
    <message>
        <source>The microphone picks up sound again.</source>
        <translation>The microphone picks up sound again.</translation>
    </message>
</context>
<context>
    <name>MeetingPrompt</name>
    <message>
        <source>A meeting app is using the microphone. Record this meeting?</source>
        <translation>A meeting app is using the microphone. Record this meeting?</translation>
    </message>
    <message>
        <source>{app} is using the microphone. Record this meeting?</source>
        <translation>{app} is using the microphone. Record this meeting?</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>Record</translation>
    </message>
    <message>
        <source>Not now</source>
        <translation>Not now</translation>
    </message>
    <message>
        <source>Meeting detected</source>
        <translation>Meeting detected</translation>
    </message>
    <message>
        <source>{app} meeting</source>
        <translation>{app} meeting</translation>
    </message>
    <message>
        <source>Record the meeting</source>
        <translation>Record the meeting</translation>
    </message>
    <message>
        <source>Do not record the meeting</source>
        <translation>Do not record the meeting</translation>
    </message>
</context>
<context>
    <name>Messages</name>
    <message>
        <source>Another LogMeets Recorder (the app, or `logmeets record` / `logmeets sync`) is already using the data folder {path}. Close it first, or wait until it finishes, then try again.</source>
        <translation>Another LogMeets Recorder (the app, or `logmeets record` / `logmeets sync`) is already using the data folder {path}. Close it first, or wait until it finishes, then try again.</translation>
    </message>
    <message>
        <source>The audit log {path} cannot be written ({reason}). Free some disk space or check the folder&apos;s permissions; LogMeets stops until it can record what it does.</source>
        <translation>The audit log {path} cannot be written ({reason}). Free some disk space or check the folder&apos;s permissions; LogMeets stops until it can record what it does.</translation>
    </message>
    <message>
        <source>Sign in to upload your recordings (logmeets login, or Sign in in the app). They are kept on this computer until then.</source>
        <translation>Sign in to upload your recordings (logmeets login, or Sign in in the app). They are kept on this computer until then.</translation>
    </message>
    <message>
        <source>The user name or password for {user} is wrong. Check them and try again.</source>
        <translation>The user name or password for {user} is wrong. Check them and try again.</translation>
    </message>
    <message>
        <source>The organisation&apos;s encryption key &quot;{recipient}&quot; is not a valid age recipient (it must start with age1). Ask your IT support for the correct org_recipient.</source>
        <translation>The organisation&apos;s encryption key &quot;{recipient}&quot; is not a valid age recipient (it must start with age1). Ask your IT support for the correct org_recipient.</translation>
    </message>
    <message>
        <source>The CA certificate file {path} cannot be read or is not a PEM certificate. Check the path (logmeets login --ca-file F) or ask your IT support for the right file.</source>
        <translation>The CA certificate file {path} cannot be read or is not a PEM certificate. Check the path (logmeets login --ca-file F) or ask your IT support for the right file.</translation>
    </message>
    <message>
        <source>Your organisation&apos;s encryption key is not known yet, so nothing was uploaded: your recordings are kept on this computer. Sign in to your organisation&apos;s server (logmeets login), or ask your IT support to set org_recipient.</source>
        <translation>Your organisation&apos;s encryption key is not known yet, so nothing was uploaded: your recordings are kept on this computer. Sign in to your organisation&apos;s server (logmeets login), or ask your IT support to set org_recipient.</translation>
    </message>
    <message>
        <source>The server announces another organisation key than the one your administrator set, so nothing was signed in or uploaded: your recordings are kept on this computer. This server may not be your organisation&apos;s; contact your IT support.</source>
        <translation>The server announces another organisation key than the one your administrator set, so nothing was signed in or uploaded: your recordings are kept on this computer. This server may not be your organisation&apos;s; contact your IT support.</translation>
    </message>
    <message>
        <source>A piece of a chunk arrived damaged at the server and is being sent again.</source>
        <translation>A piece of a chunk arrived damaged at the server and is being sent again.</translation>
    </message>
    <message>
        <source>The server asked to receive a recording at {location}, which is not the upload address it announced at sign-in, so nothing was sent there and the recording is kept on this computer. Ask your IT support to fix the server&apos;s address configuration.</source>
        <translation>The server asked to receive a recording at {location}, which is not the upload address it announced at sign-in, so nothing was sent there and the recording is kept on this computer. Ask your IT support to fix the server&apos;s address configuration.</translation>
    </message>
    <message>
        <source>A chunk&apos;s saved upload address is not on your server&apos;s upload address, so LogMeets did not contact it. The chunk is kept on this computer; contact your IT support.</source>
        <translation>A chunk&apos;s saved upload address is not on your server&apos;s upload address, so LogMeets did not contact it. The chunk is kept on this computer; contact your IT support.</translation>
    </message>
    <message>
        <source>LogMeets refused to send a request to {url}, which is not your server&apos;s upload address. Nothing was sent there; your recordings are kept on this computer.</source>
        <translation>LogMeets refused to send a request to {url}, which is not your server&apos;s upload address. Nothing was sent there; your recordings are kept on this computer.</translation>
    </message>
    <message>
        <source>The server sent an answer larger than LogMeets reads ({limit} bytes), so it was ignored. Uploading will be retried; if this keeps happening, contact your IT support.</source>
        <translation>The server sent an answer larger than LogMeets reads ({limit} bytes), so it was ignored. Uploading will be retried; if this keeps happening, contact your IT support.</translation>
    </message>
    <message>
        <source>A recording chunk is damaged and cannot be decrypted ({reason}). It has been set aside and will not be uploaded or deleted; contact your IT support.</source>
        <translation>A recording chunk is damaged and cannot be decrypted ({reason}). It has been set aside and will not be uploaded or deleted; contact your IT support.</translation>
    </message>
    <message>
        <source>Chunk {index} of recording {recording_id} is already saved; it was not saved twice. Restart the recording if this keeps happening.</source>
        <translation>Chunk {index} of recording {recording_id} is already saved; it was not saved twice. Restart the recording if this keeps happening.</translation>
    </message>
    <message>
        <source>The file of chunk {chunk_id} ({path}) is missing. The chunk has been set aside; if you have a backup of the data folder, restore that file from it.</source>
        <translation>The file of chunk {chunk_id} ({path}) is missing. The chunk has been set aside; if you have a backup of the data folder, restore that file from it.</translation>
    </message>
    <message>
        <source>The server&apos;s idea of an upload differed from ours; uploading resumes from the server&apos;s position.</source>
        <translation>The server&apos;s idea of an upload differed from ours; uploading resumes from the server&apos;s position.</translation>
    </message>
    <message>
        <source>The connection to the server was lost. Uploading resumes automatically where it stopped.</source>
        <translation>The connection to the server was lost. Uploading resumes automatically where it stopped.</translation>
    </message>
    <message>
        <source>An encryption step failed. Restart LogMeets Recorder; if it happens again, contact your IT support.</source>
        <translation>An encryption step failed. Restart LogMeets Recorder; if it happens again, contact your IT support.</translation>
    </message>
    <message>
        <source>{device!r} matches several input devices ({candidates}). Give the full name or the number shown by `logmeets devices`.</source>
        <translation>{device!r} matches several input devices ({candidates}). Give the full name or the number shown by `logmeets devices`.</translation>
    </message>
    <message>
        <source>The microphone {device!r} was disconnected and did not come back, so LogMeets stopped recording. Everything recorded until then is saved. Reconnect it and start a new recording.</source>
        <translation>The microphone {device!r} was disconnected and did not come back, so LogMeets stopped recording. Everything recorded until then is saved. Reconnect it and start a new recording.</translation>
    </message>
    <message>
        <source>There is no input device {device!r}. Run `logmeets devices` to see the microphones you can choose, by name or number.</source>
        <translation>There is no input device {device!r}. Run `logmeets devices` to see the microphones you can choose, by name or number.</translation>
    </message>
    <message>
        <source>There is no system-audio source {device!r} (there are: {available}). Run `logmeets devices` to see them (kind &quot;system&quot;), or leave the name out to record the default output.</source>
        <translation>There is no system-audio source {device!r} (there are: {available}). Run `logmeets devices` to see them (kind &quot;system&quot;), or leave the name out to record the default output.</translation>
    </message>
    <message>
        <source>The microphone {device!r} could not be opened ({detail}). Close other programs that may be using it, or choose another one with `logmeets devices`.</source>
        <translation>The microphone {device!r} could not be opened ({detail}). Close other programs that may be using it, or choose another one with `logmeets devices`.</translation>
    </message>
    <message>
        <source>The disk is almost full ({free_mb} MB free, {reserve_mb} MB are kept free), so LogMeets stopped recording. Everything recorded so far is saved. Free some disk space to record again.</source>
        <translation>The disk is almost full ({free_mb} MB free, {reserve_mb} MB are kept free), so LogMeets stopped recording. Everything recorded so far is saved. Free some disk space to record again.</translation>
    </message>
    <message>
        <source>The disk is full: LogMeets could not write the {what} and stopped recording. Every chunk already saved is intact, and the last seconds are kept in the crash journal. Free some disk space, then run `logmeets recover` (or start LogMeets) to save them.</source>
        <translation>The disk is full: LogMeets could not write the {what} and stopped recording. Every chunk already saved is intact, and the last seconds are kept in the crash journal. Free some disk space, then run `logmeets recover` (or start LogMeets) to save them.</translation>
    </message>
    <message>
        <source>Could not delete the uploaded file {path} ({reason}). It is encrypted and its key has been or will be deleted; close programs that may hold it open and try again.</source>
        <translation>Could not delete the uploaded file {path} ({reason}). It is encrypted and its key has been or will be deleted; close programs that may hold it open and try again.</translation>
    </message>
    <message>
        <source>Chunk {index} of recording {recording_id} cannot be read ({reason}). Run `logmeets verify` to set it aside, then export again.</source>
        <translation>Chunk {index} of recording {recording_id} cannot be read ({reason}). Run `logmeets verify` to set it aside, then export again.</translation>
    </message>
    <message>
        <source>Chunk {index} of recording {recording_id} has a different audio format ({reason}) from the rest, so it cannot be joined into one file. Contact your IT support.</source>
        <translation>Chunk {index} of recording {recording_id} has a different audio format ({reason}) from the rest, so it cannot be joined into one file. Contact your IT support.</translation>
    </message>
    <message>
        <source>Could not write {path}: {reason}. Free some disk space or check the folder&apos;s permissions, then try again.</source>
        <translation>Could not write {path}: {reason}. Free some disk space or check the folder&apos;s permissions, then try again.</translation>
    </message>
    <message>
        <source>The server answered with an error (HTTP {status}). Uploading will be retried; if this keeps happening, contact your IT support.</source>
        <translation>The server answered with an error (HTTP {status}). Uploading will be retried; if this keeps happening, contact your IT support.</translation>
    </message>
    <message>
        <source>LogMeets tried to move {kind} {item_id} from {current} to {target}, which is not allowed; nothing was changed. Please report this to your IT support.</source>
        <translation>LogMeets tried to move {kind} {item_id} from {current} to {target}, which is not allowed; nothing was changed. Please report this to your IT support.</translation>
    </message>
    <message>
        <source>The recordings index {path} cannot be opened ({reason}). Close other programs using it, or restore the data folder from a backup; chunk files are not touched.</source>
        <translation>The recordings index {path} cannot be opened ({reason}). Close other programs using it, or restore the data folder from a backup; chunk files are not touched.</translation>
    </message>
    <message>
        <source>The recordings index {path} was written by a newer LogMeets Recorder (format {version}; this one reads up to {supported}). Update LogMeets Recorder.</source>
        <translation>The recordings index {path} was written by a newer LogMeets Recorder (format {version}; this one reads up to {supported}). Update LogMeets Recorder.</translation>
    </message>
    <message>
        <source>The server asked to receive a recording over plain http at {location}, which LogMeets refuses. Ask your IT support to fix the server&apos;s address configuration.</source>
        <translation>The server asked to receive a recording over plain http at {location}, which LogMeets refuses. Ask your IT support to fix the server&apos;s address configuration.</translation>
    </message>
    <message>
        <source>{url} is not an https:// address. LogMeets only sends recordings over HTTPS; use the https:// address of your server.</source>
        <translation>{url} is not an https:// address. LogMeets only sends recordings over HTTPS; use the https:// address of your server.</translation>
    </message>
    <message>
        <source>The recording setting {option} = {value!r} is not allowed; use {allowed}.</source>
        <translation>The recording setting {option} = {value!r} is not allowed; use {allowed}.</translation>
    </message>
    <message>
        <source>{url} is not a valid server address. Check the address and try again.</source>
        <translation>{url} is not a valid server address. Check the address and try again.</translation>
    </message>
    <message>
        <source>The crash journal {path} was already closed. Restart the recording.</source>
        <translation>The crash journal {path} was already closed. Restart the recording.</translation>
    </message>
    <message>
        <source>The crash journal {path} is damaged ({reason}) and cannot be recovered. It has been kept as is; contact your IT support if the recording matters.</source>
        <translation>The crash journal {path} is damaged ({reason}) and cannot be recovered. It has been kept as is; contact your IT support if the recording matters.</translation>
    </message>
    <message>
        <source>Chunk {index} of recording {recording_id} was saved as chunk {found_index} of recording {found_recording_id}: its file was moved, copied or swapped. It is not used as audio; leave the data folder as it is and tell your IT support.</source>
        <translation>Chunk {index} of recording {recording_id} was saved as chunk {found_index} of recording {found_recording_id}: its file was moved, copied or swapped. It is not used as audio; leave the data folder as it is and tell your IT support.</translation>
    </message>
    <message>
        <source>A recording chunk does not say clearly where it belongs ({reason}). It is not used as audio; leave the data folder as it is and tell your IT support.</source>
        <translation>A recording chunk does not say clearly where it belongs ({reason}). It is not used as audio; leave the data folder as it is and tell your IT support.</translation>
    </message>
    <message>
        <source>A crash journal already exists at {path}. Let LogMeets Recorder recover it first (restart the app), then record again.</source>
        <translation>A crash journal already exists at {path}. Let LogMeets Recorder recover it first (restart the app), then record again.</translation>
    </message>
    <message>
        <source>A key store entry ({name}) cannot be used: {reason}. Contact your IT support.</source>
        <translation>A key store entry ({name}) cannot be used: {reason}. Contact your IT support.</translation>
    </message>
    <message>
        <source>The system key store is locked. Unlock it (it usually opens with your login password) and try again.</source>
        <translation>The system key store is locked. Unlock it (it usually opens with your login password) and try again.</translation>
    </message>
    <message>
        <source>The system key store did not answer within {timeout} seconds. Unlock your keyring (or sign in to your desktop session) and try again.</source>
        <translation>The system key store did not answer within {timeout} seconds. Unlock your keyring (or sign in to your desktop session) and try again.</translation>
    </message>
    <message>
        <source>The system key store is not working ({reason}). Make sure it is running and unlocked, then try again.</source>
        <translation>The system key store is not working ({reason}). Make sure it is running and unlocked, then try again.</translation>
    </message>
    <message>
        <source>A recorded chunk was damaged on this computer and has been put aside (quarantined) instead of being uploaded. Run logmeets verify for details.</source>
        <translation>A recorded chunk was damaged on this computer and has been put aside (quarantined) instead of being uploaded. Run logmeets verify for details.</translation>
    </message>
    <message>
        <source>No microphone was found. Connect a microphone (or headset), check that the sound system is running and that LogMeets may use the microphone, then try again.</source>
        <translation>No microphone was found. Connect a microphone (or headset), check that the sound system is running and that LogMeets may use the microphone, then try again.</translation>
    </message>
    <message>
        <source>There is no key to encrypt the recording to. Sign in again or ask your IT support to configure the organisation&apos;s recipient.</source>
        <translation>There is no key to encrypt the recording to. Sign in again or ask your IT support to configure the organisation&apos;s recipient.</translation>
    </message>
    <message>
        <source>No secure key store is available ({backend}), so LogMeets Recorder cannot protect recordings and will not record. To fix it: {hint}.</source>
        <translation>No secure key store is available ({backend}), so LogMeets Recorder cannot protect recordings and will not record. To fix it: {hint}.</translation>
    </message>
    <message>
        <source>No server is configured. Sign in first (logmeets login --server URL --user NAME), or set tus_endpoint in config.toml.</source>
        <translation>No server is configured. Sign in first (logmeets login --server URL --user NAME), or set tus_endpoint in config.toml.</translation>
    </message>
    <message>
        <source>The server did not confirm a chunk after several tries. It is kept on this computer and will be sent again later.</source>
        <translation>The server did not confirm a chunk after several tries. It is kept on this computer and will be sent again later.</translation>
    </message>
    <message>
        <source>No audio of recording {recording_id} is left on this computer (it was uploaded and erased, or set aside as damaged). Download it from the LogMeets service instead.</source>
        <translation>No audio of recording {recording_id} is left on this computer (it was uploaded and erased, or set aside as damaged). Download it from the LogMeets service instead.</translation>
    </message>
    <message>
        <source>The server cannot be reached. Check your network connection; recordings are kept on this computer and upload automatically when the server is reachable again.</source>
        <translation>The server cannot be reached. Check your network connection; recordings are kept on this computer and upload automatically when the server is reachable again.</translation>
    </message>
    <message>
        <source>The local recording store failed. Restart LogMeets Recorder; if it happens again, contact your IT support. Nothing recorded has been deleted.</source>
        <translation>The local recording store failed. Restart LogMeets Recorder; if it happens again, contact your IT support. Nothing recorded has been deleted.</translation>
    </message>
    <message>
        <source>The server answered in a way LogMeets does not understand ({message}). Uploading will be retried; if this keeps happening, contact your IT support.</source>
        <translation>The server answered in a way LogMeets does not understand ({message}). Uploading will be retried; if this keeps happening, contact your IT support.</translation>
    </message>
    <message>
        <source>This command only reads the data folder {path} and cannot change it. Close other LogMeets windows and use the app (or `logmeets record` / `logmeets sync`) instead.</source>
        <translation>This command only reads the data folder {path} and cannot change it. Close other LogMeets windows and use the app (or `logmeets record` / `logmeets sync`) instead.</translation>
    </message>
    <message>
        <source>The server no longer confirms a chunk it had accepted. The chunk is kept on this computer; contact your IT support.</source>
        <translation>The server no longer confirms a chunk it had accepted. The chunk is kept on this computer; contact your IT support.</translation>
    </message>
    <message>
        <source>The server&apos;s copy of chunk {chunk_id} differs from the one on this computer ({actual_size} bytes received, {expected_size} sent). The local copy is kept and will be uploaded again.</source>
        <translation>The server&apos;s copy of chunk {chunk_id} differs from the one on this computer ({actual_size} bytes received, {expected_size} sent). The local copy is kept and will be uploaded again.</translation>
    </message>
    <message>
        <source>A block of audio was too large to journal ({size} bytes, limit {limit}). Choose a lower sample rate or fewer channels.</source>
        <translation>A block of audio was too large to journal ({size} bytes, limit {limit}). Choose a lower sample rate or fewer channels.</translation>
    </message>
    <message>
        <source>Recording {recording_id} is already {state}; no audio can be added to it. Start a new recording.</source>
        <translation>Recording {recording_id} is already {state}; no audio can be added to it. Start a new recording.</translation>
    </message>
    <message>
        <source>The key of recording {recording_id} is no longer on this computer (it was erased after upload). The organisation&apos;s copy is not affected.</source>
        <translation>The key of recording {recording_id} is no longer on this computer (it was erased after upload). The organisation&apos;s copy is not affected.</translation>
    </message>
    <message>
        <source>A crash journal could not be turned into a recording ({detail}); it was kept as {path} for your IT support. Other recordings are not affected.</source>
        <translation>A crash journal could not be turned into a recording ({detail}); it was kept as {path} for your IT support. Other recordings are not affected.</translation>
    </message>
    <message>
        <source>A recording chunk could not be encrypted ({reason}). Recording has stopped; restart LogMeets Recorder.</source>
        <translation>A recording chunk could not be encrypted ({reason}). Recording has stopped; restart LogMeets Recorder.</translation>
    </message>
    <message>
        <source>Your account signed in on another device, so uploading from this computer stopped. Nothing was deleted: sign in again here to continue uploading.</source>
        <translation>Your account signed in on another device, so uploading from this computer stopped. Nothing was deleted: sign in again here to continue uploading.</translation>
    </message>
    <message>
        <source>{message}</source>
        <translation>{message}</translation>
    </message>
    <message>
        <source>Recording {recording_id} cannot be forgotten: only a stopped recording with damaged parts and no part still waiting to upload can be. Let it finish uploading, then try again.</source>
        <translation>Recording {recording_id} cannot be forgotten: only a stopped recording with damaged parts and no part still waiting to upload can be. Let it finish uploading, then try again.</translation>
    </message>
    <message>
        <source>Uploading was stopped. It resumes where it stopped next time.</source>
        <translation>Uploading was stopped. It resumes where it stopped next time.</translation>
    </message>
    <message>
        <source>{pending} chunk(s) could not be uploaded yet ({reason}). They are kept on this computer; run logmeets sync again later.</source>
        <translation>{pending} chunk(s) could not be uploaded yet ({reason}). They are kept on this computer; run logmeets sync again later.</translation>
    </message>
    <message>
        <source>The server did not answer in time. Uploading will be retried automatically; your recordings are kept on this computer.</source>
        <translation>The server did not answer in time. Uploading will be retried automatically; your recordings are kept on this computer.</translation>
    </message>
    <message>
        <source>The server&apos;s key does not match the key pinned in your settings, so nothing was sent. This can mean the connection is being intercepted: contact your IT support before changing the pin.</source>
        <translation>The server&apos;s key does not match the key pinned in your settings, so nothing was sent. This can mean the connection is being intercepted: contact your IT support before changing the pin.</translation>
    </message>
    <message>
        <source>The server&apos;s certificate is not trusted, so nothing was sent. If your organisation uses its own certificate authority, sign in again with its CA file (logmeets login --ca-file F), or ask your IT support.</source>
        <translation>The server&apos;s certificate is not trusted, so nothing was sent. If your organisation uses its own certificate authority, sign in again with its CA file (logmeets login --ca-file F), or ask your IT support.</translation>
    </message>
    <message>
        <source>Something went wrong that LogMeets did not expect. Nothing recorded has been deleted. Details are in the log file {log_path}; please send it to your IT support.</source>
        <translation>Something went wrong that LogMeets did not expect. Nothing recorded has been deleted. Details are in the log file {log_path}; please send it to your IT support.</translation>
    </message>
    <message>
        <source>There is no chunk {chunk_id} on this computer. `logmeets list` shows the chunks that are.</source>
        <translation>There is no chunk {chunk_id} on this computer. `logmeets list` shows the chunks that are.</translation>
    </message>
    <message>
        <source>There is no recording {recording_id} on this computer. `logmeets list` shows the recordings that are.</source>
        <translation>There is no recording {recording_id} on this computer. `logmeets list` shows the recordings that are.</translation>
    </message>
    <message>
        <source>Uploading failed ({message}). Your recordings are kept on this computer and will be sent later.</source>
        <translation>Uploading failed ({message}). Your recordings are kept on this computer and will be sent later.</translation>
    </message>
    <message>
        <source>The server discarded an unfinished upload; it is being sent again.</source>
        <translation>The server discarded an unfinished upload; it is being sent again.</translation>
    </message>
    <message>
        <source>A chunk of {size} bytes is larger than the server accepts ({max_size} bytes). Record with shorter chunks (chunk_seconds) or ask your IT support to raise the limit.</source>
        <translation>A chunk of {size} bytes is larger than the server accepts ({max_size} bytes). Record with shorter chunks (chunk_seconds) or ask your IT support to raise the limit.</translation>
    </message>
    <message>
        <source>the chunk cannot be decrypted (it is damaged). Restore it from a backup of the data folder, or contact your IT support, who can try with the organisation&apos;s key.</source>
        <translation>the chunk cannot be decrypted (it is damaged). Restore it from a backup of the data folder, or contact your IT support, who can try with the organisation&apos;s key.</translation>
    </message>
    <message>
        <source>the chunk&apos;s file is missing. If you have a backup of the data folder, restore it from there; otherwise this part of the recording is lost locally.</source>
        <translation>the chunk&apos;s file is missing. If you have a backup of the data folder, restore it from there; otherwise this part of the recording is lost locally.</translation>
    </message>
    <message>
        <source>Chunk {index} of recording {recording_id} was saved for another place ({reason}): the recording&apos;s files were moved or replaced, so no file was exported. Run `logmeets verify` to set such chunks aside, export again, and tell your IT support.</source>
        <translation>Chunk {index} of recording {recording_id} was saved for another place ({reason}): the recording&apos;s files were moved or replaced, so no file was exported. Run `logmeets verify` to set such chunks aside, export again, and tell your IT support.</translation>
    </message>
    <message>
        <source>The recordings index names a file outside LogMeets&apos; chunk folder for recording {recording_id} ({reason}). LogMeets did not read or delete that file and set the entry aside. The index may have been edited: leave the data folder as it is and contact your IT support.</source>
        <translation>The recordings index names a file outside LogMeets&apos; chunk folder for recording {recording_id} ({reason}). LogMeets did not read or delete that file and set the entry aside. The index may have been edited: leave the data folder as it is and contact your IT support.</translation>
    </message>
    <message>
        <source>Chunk {chunk_id} could not be sealed to your organisation&apos;s key ({reason}), so it was not uploaded and is kept on this computer. Run logmeets verify, and contact your IT support if this stays.</source>
        <translation>Chunk {chunk_id} could not be sealed to your organisation&apos;s key ({reason}), so it was not uploaded and is kept on this computer. Run logmeets verify, and contact your IT support if this stays.</translation>
    </message>
    <message>
        <source>the chunk&apos;s file was changed or damaged after it was saved. Restore it from a backup of the data folder if you have one; contact your IT support otherwise.</source>
        <translation>the chunk&apos;s file was changed or damaged after it was saved. Restore it from a backup of the data folder if you have one; contact your IT support otherwise.</translation>
    </message>
    <message>
        <source>the recording&apos;s key is no longer in the system key store, so this chunk cannot be opened on this computer. Restore the key store from a backup, or contact your IT support.</source>
        <translation>the recording&apos;s key is no longer in the system key store, so this chunk cannot be opened on this computer. Restore the key store from a backup, or contact your IT support.</translation>
    </message>
    <message>
        <source>the chunk decrypts but is not valid audio. Contact your IT support.</source>
        <translation>the chunk decrypts but is not valid audio. Contact your IT support.</translation>
    </message>
    <message>
        <source>the chunk was saved for another place in this or another recording ({detail}): its file was moved, copied or swapped. It is set aside; leave the data folder as it is and tell your IT support.</source>
        <translation>the chunk was saved for another place in this or another recording ({detail}): its file was moved, copied or swapped. It is set aside; leave the data folder as it is and tell your IT support.</translation>
    </message>
    <message>
        <source>the recordings index names a file outside LogMeets&apos; chunk folder for this chunk ({detail}). That file was not read or deleted, and the chunk is set aside. The index may have been edited: leave the data folder as it is and contact your IT support.</source>
        <translation>the recordings index names a file outside LogMeets&apos; chunk folder for this chunk ({detail}). That file was not read or deleted, and the chunk is set aside. The index may have been edited: leave the data folder as it is and contact your IT support.</translation>
    </message>
    <message>
        <source>the chunk was set aside earlier ({detail}). It is kept, and will not be uploaded or deleted; contact your IT support.</source>
        <translation>the chunk was set aside earlier ({detail}). It is kept, and will not be uploaded or deleted; contact your IT support.</translation>
    </message>
    <message>
        <source>LogMeets could not write the {what} ({detail}) and stopped recording. Everything saved before is intact; run `logmeets recover` after fixing the problem.</source>
        <translation>LogMeets could not write the {what} ({detail}) and stopped recording. Everything saved before is intact; run `logmeets recover` after fixing the problem.</translation>
    </message>
    <message>
        <source>The audit log {path} cannot be checked: its key is no longer in this computer&apos;s key store (it was deleted, or the key store was reset). The log itself may be intact; do not delete it. Restore the key store from a backup, or contact your IT support.</source>
        <translation>The audit log {path} cannot be checked: its key is no longer in this computer&apos;s key store (it was deleted, or the key store was reset). The log itself may be intact; do not delete it. Restore the key store from a backup, or contact your IT support.</translation>
    </message>
    <message>
        <source>Entries were removed from the end of the audit log, or an older copy of it was put back. Leave the data folder as it is and tell your IT support.</source>
        <translation>Entries were removed from the end of the audit log, or an older copy of it was put back. Leave the data folder as it is and tell your IT support.</translation>
    </message>
    <message>
        <source>The key store holds no record of where the audit log ends (the log was last written by an older version, or the record was deleted), so a cut at the end cannot be ruled out. The next entry records it again; if this stays, tell your IT support.</source>
        <translation>The key store holds no record of where the audit log ends (the log was last written by an older version, or the record was deleted), so a cut at the end cannot be ruled out. The next entry records it again; if this stays, tell your IT support.</translation>
    </message>
    <message>
        <source>The audit log does not match the key store&apos;s record of it: it was replaced by another copy, or the record was damaged. Leave the data folder as it is and tell your IT support.</source>
        <translation>The audit log does not match the key store&apos;s record of it: it was replaced by another copy, or the record was damaged. Leave the data folder as it is and tell your IT support.</translation>
    </message>
    <message>
        <source>Something went wrong (code: {code}). Try again; if it keeps happening, send the log file to your administrator.</source>
        <extracomment>Shown by the GUI for a code without a text, so that a Japanese window never shows the English developer message of an error.</extracomment>
        <translation>Something went wrong (code: {code}). Try again; if it keeps happening, send the log file to your administrator.</translation>
    </message>
    <message>
        <source>Update required: the server no longer accepts this version of LogMeets. Recording goes on and every recording is kept on this computer; update LogMeets (Restart to update, or logmeets update apply) and uploading resumes.</source>
        <translation>Update required: the server no longer accepts this version of LogMeets. Recording goes on and every recording is kept on this computer; update LogMeets (Restart to update, or logmeets update apply) and uploading resumes.</translation>
    </message>
    <message>
        <source>The update could not be completed ({reason}). The installed version keeps running; LogMeets tries again at the next check.</source>
        <translation>The update could not be completed ({reason}). The installed version keeps running; LogMeets tries again at the next check.</translation>
    </message>
    <message>
        <source>Updates are not set up in this copy of LogMeets (no update address or no trusted root). Ask your IT support how new versions are installed.</source>
        <translation>Updates are not set up in this copy of LogMeets (no update address or no trusted root). Ask your IT support how new versions are installed.</translation>
    </message>
    <message>
        <source>Updates are turned off in the settings (the setting updates is off). Your IT support installs new versions.</source>
        <translation>Updates are turned off in the settings (the setting updates is off). Your IT support installs new versions.</translation>
    </message>
    <message>
        <source>The update server offered {role} metadata that is not signed by the keys LogMeets trusts, so the update was refused and the installed version keeps running. Someone may be tampering with the update server or the connection: tell your IT support.</source>
        <translation>The update server offered {role} metadata that is not signed by the keys LogMeets trusts, so the update was refused and the installed version keeps running. Someone may be tampering with the update server or the connection: tell your IT support.</translation>
    </message>
    <message>
        <source>The update server offered {role} metadata older than what this computer has already seen (a rollback), so it was refused and the installed version keeps running. Tell your IT support if this happens again.</source>
        <translation>The update server offered {role} metadata older than what this computer has already seen (a rollback), so it was refused and the installed version keeps running. Tell your IT support if this happens again.</translation>
    </message>
    <message>
        <source>The update server&apos;s {role} metadata has expired, so LogMeets cannot tell whether a newer version exists (a freeze). The update was refused and the installed version keeps running; tell your IT support if this lasts more than a day.</source>
        <translation>The update server&apos;s {role} metadata has expired, so LogMeets cannot tell whether a newer version exists (a freeze). The update was refused and the installed version keeps running; tell your IT support if this lasts more than a day.</translation>
    </message>
    <message>
        <source>The update server&apos;s {role} metadata does not match the rest of its metadata, so the update was refused and the installed version keeps running. Try again later, and tell your IT support if this happens again.</source>
        <translation>The update server&apos;s {role} metadata does not match the rest of its metadata, so the update was refused and the installed version keeps running. Try again later, and tell your IT support if this happens again.</translation>
    </message>
    <message>
        <source>The downloaded update {target} does not match its signed size and hash, so it was discarded and the installed version keeps running. Try again later, and tell your IT support if this happens again.</source>
        <translation>The downloaded update {target} does not match its signed size and hash, so it was discarded and the installed version keeps running. Try again later, and tell your IT support if this happens again.</translation>
    </message>
    <message>
        <source>The update server sent more data for {what} than allowed, so the download was stopped and the installed version keeps running. Tell your IT support if this happens again.</source>
        <translation>The update server sent more data for {what} than allowed, so the download was stopped and the installed version keeps running. Tell your IT support if this happens again.</translation>
    </message>
    <message>
        <source>The update server answered with HTTP status {status}. Check the update address (update_url) or try again later; the installed version keeps running.</source>
        <translation>The update server answered with HTTP status {status}. Check the update address (update_url) or try again later; the installed version keeps running.</translation>
    </message>
    <message>
        <source>LogMeets is installed in {path}, which this account may not change. A system-wide installation is updated by the system&apos;s package manager (apt on Linux) or by your IT support.</source>
        <translation>LogMeets is installed in {path}, which this account may not change. A system-wide installation is updated by the system&apos;s package manager (apt on Linux) or by your IT support.</translation>
    </message>
    <message>
        <source>LogMeets is up to date: there is no newer version to apply.</source>
        <translation>LogMeets is up to date: there is no newer version to apply.</translation>
    </message>
    <message>
        <source>LogMeets is running on {path} (it may be recording), so nothing was changed. The update is applied when LogMeets next starts; or close LogMeets and run `logmeets update apply` again.</source>
        <translation>LogMeets is running on {path} (it may be recording), so nothing was changed. The update is applied when LogMeets next starts; or close LogMeets and run `logmeets update apply` again.</translation>
    </message>
    <message>
        <source>The downloaded update in {path} is damaged ({reason}). It is downloaded again at the next check; the installed version keeps running.</source>
        <translation>The downloaded update in {path} is damaged ({reason}). It is downloaded again at the next check; the installed version keeps running.</translation>
    </message>
    <message>
        <source>{path} already exists; the release repository was not changed.</source>
        <translation>{path} already exists; the release repository was not changed.</translation>
    </message>
    <message>
        <source>Version {version} is not newer than the latest published version {latest}; publish a higher version number.</source>
        <translation>Version {version} is not newer than the latest published version {latest}; publish a higher version number.</translation>
    </message>
    <message>
        <source>A key of the {role} role is missing from {path}. Mount the folder that holds it (LOGMEETS_RELEASE_KEYS, LOGMEETS_RELEASE_OFFLINE_KEYS) and try again.</source>
        <translation>A key of the {role} role is missing from {path}. Mount the folder that holds it (LOGMEETS_RELEASE_KEYS, LOGMEETS_RELEASE_OFFLINE_KEYS) and try again.</translation>
    </message>
    <message>
        <source>LogMeets Recorder could not change whether it starts when you log in ({where}: {reason}). Recording and uploading are not affected. Check that you may write there, or turn the setting off in Settings › General.</source>
        <translation>LogMeets Recorder could not change whether it starts when you log in ({where}: {reason}). Recording and uploading are not affected. Check that you may write there, or turn the setting off in Settings › General.</translation>
    </message>
    <message>
        <source>No proxy is in use for your server, so there is nothing to sign in to. Name the proxy (logmeets proxy login --proxy HOST:PORT) or set one in Settings &gt; Proxy.</source>
        <translation>No proxy is in use for your server, so there is nothing to sign in to. Name the proxy (logmeets proxy login --proxy HOST:PORT) or set one in Settings &gt; Proxy.</translation>
    </message>
    <message>
        <source>The proxy configuration file (PAC) {url} did not answer within {seconds} seconds and was stopped. Ask your IT support to fix it, or choose another proxy setting in Settings &gt; Proxy.</source>
        <translation>The proxy configuration file (PAC) {url} did not answer within {seconds} seconds and was stopped. Ask your IT support to fix it, or choose another proxy setting in Settings &gt; Proxy.</translation>
    </message>
    <message>
        <source>The proxy configuration file (PAC) {url} is not a working script. Ask your IT support to fix it, or choose another proxy setting in Settings &gt; Proxy.</source>
        <translation>The proxy configuration file (PAC) {url} is not a working script. Ask your IT support to fix it, or choose another proxy setting in Settings &gt; Proxy.</translation>
    </message>
    <message>
        <source>The proxy configuration file (PAC) {url} cannot be downloaded. Check its address in Settings &gt; Proxy, or ask your IT support; recordings are kept on this computer.</source>
        <translation>The proxy configuration file (PAC) {url} cannot be downloaded. Check its address in Settings &gt; Proxy, or ask your IT support; recordings are kept on this computer.</translation>
    </message>
    <message>
        <source>The proxy {proxy} asks for a user name and password. Sign in to it (in the window, or logmeets proxy login); your recordings are kept on this computer until then.</source>
        <translation>The proxy {proxy} asks for a user name and password. Sign in to it (in the window, or logmeets proxy login); your recordings are kept on this computer until then.</translation>
    </message>
    <message>
        <source>Recording {recording_id} is {state}: only a recording that is uploaded and erased from this computer can be removed from the history. Wait until it is uploaded.</source>
        <translation>Recording {recording_id} is {state}: only a recording that is uploaded and erased from this computer can be removed from the history. Wait until it is uploaded.</translation>
    </message>
    <message>
        <source>The history of uploaded recordings ({path}) cannot be read ({reason}). Their titles are not shown; recording and uploading work as before. If the keyring was reset, the history starts again with the next upload.</source>
        <translation>The history of uploaded recordings ({path}) cannot be read ({reason}). Their titles are not shown; recording and uploading work as before. If the keyring was reset, the history starts again with the next upload.</translation>
    </message>
</context>
<context>
    <name>NetworkPage</name>
    <message>
        <source>Network</source>
        <translation>Network</translation>
    </message>
    <message>
        <source>Upload limit:</source>
        <translation>Upload limit:</translation>
    </message>
    <message>
        <source>Upload limit</source>
        <translation>Upload limit</translation>
    </message>
    <message>
        <source>No limit</source>
        <translation>No limit</translation>
    </message>
    <message>
        <source> kbit/s</source>
        <translation> kbit/s</translation>
    </message>
    <message>
        <source>Limit uploads so that video calls keep enough bandwidth.</source>
        <translation>Limit uploads so that video calls keep enough bandwidth.</translation>
    </message>
    <message>
        <source>Upload limit help</source>
        <translation>Upload limit help</translation>
    </message>
    <message>
        <source>Server:</source>
        <translation>Server:</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>Server</translation>
    </message>
    <message>
        <source>Not signed in</source>
        <translation>Not signed in</translation>
    </message>
</context>
<context>
    <name>Prompts</name>
    <message>
        <source>Recording in progress</source>
        <translation>Recording in progress</translation>
    </message>
    <message>
        <source>Stop and quit</source>
        <translation>Stop and quit</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Uploads pending</source>
        <translation>Uploads pending</translation>
    </message>
    <message>
        <source>{n} part(s) of your recordings are not uploaded yet. They stay encrypted on this computer, and uploading resumes the next time you start LogMeets Recorder.</source>
        <translation>{n} part(s) of your recordings are not uploaded yet. They stay encrypted on this computer, and uploading resumes the next time you start LogMeets Recorder.</translation>
    </message>
    <message>
        <source>Export to FLAC</source>
        <translation>Export to FLAC</translation>
    </message>
    <message>
        <source>FLAC audio (*.flac)</source>
        <translation>FLAC audio (*.flac)</translation>
    </message>
    <message>
        <source>Forget recording</source>
        <translation>Forget recording</translation>
    </message>
    <message>
        <source>“{title}” has {n} damaged part(s) that can never be uploaded. Forgetting it erases its key from this computer: nothing of it can be read here any more. The copy on your organisation&apos;s server is not affected.

This does not export anything: to keep what is still readable, cancel and choose Export to FLAC… first.</source>
        <translation>“{title}” has {n} damaged part(s) that can never be uploaded. Forgetting it erases its key from this computer: nothing of it can be read here any more. The copy on your organisation&apos;s server is not affected.

This does not export anything: to keep what is still readable, cancel and choose Export to FLAC… first.</translation>
    </message>
    <message>
        <source>A recording is running. Quitting stops and saves it; what is not uploaded yet stays encrypted on this computer and is uploaded the next time you start LogMeets Recorder.</source>
        <translation>A recording is running. Quitting stops and saves it; what is not uploaded yet stays encrypted on this computer and is uploaded the next time you start LogMeets Recorder.</translation>
    </message>
    <message>
        <source>Remove “{title}” from this computer&apos;s history? Its title, time and markers are deleted here for good. The copy on your organisation&apos;s server is not affected.</source>
        <translation>Remove “{title}” from this computer&apos;s history? Its title, time and markers are deleted here for good. The copy on your organisation&apos;s server is not affected.</translation>
    </message>
    <message>
        <source>Remove from history</source>
        <translation>Remove from history</translation>
    </message>
</context>
<context>
    <name>ProxyPage</name>
    <message>
        <source>Proxy</source>
        <translation>Proxy</translation>
    </message>
    <message>
        <source>Sign in first: there is no server to test against.</source>
        <translation>Sign in first: there is no server to test against.</translation>
    </message>
    <message>
        <source>Testing…</source>
        <translation>Testing…</translation>
    </message>
    <message>
        <source>directly</source>
        <translation>directly</translation>
    </message>
    <message>
        <source>The server answered (HTTP {status}), reached {route}.</source>
        <translation>The server answered (HTTP {status}), reached {route}.</translation>
    </message>
    <message>
        <source>Proxy:</source>
        <translation>Proxy:</translation>
    </message>
    <message>
        <source>Use the system&apos;s settings</source>
        <translation>Use the system&apos;s settings</translation>
    </message>
    <message>
        <source>Automatic configuration file (PAC)</source>
        <translation>Automatic configuration file (PAC)</translation>
    </message>
    <message>
        <source>This proxy</source>
        <translation>This proxy</translation>
    </message>
    <message>
        <source>No proxy</source>
        <translation>No proxy</translation>
    </message>
    <message>
        <source>PAC address:</source>
        <translation>PAC address:</translation>
    </message>
    <message>
        <source>PAC address</source>
        <translation>PAC address</translation>
    </message>
    <message>
        <source>Proxy host:port:</source>
        <translation>Proxy host:port:</translation>
    </message>
    <message>
        <source>Proxy host and port</source>
        <translation>Proxy host and port</translation>
    </message>
    <message>
        <source>host:port, e.g. proxy.example.com:3128</source>
        <translation>host:port, e.g. proxy.example.com:3128</translation>
    </message>
    <message>
        <source>Test</source>
        <translation>Test</translation>
    </message>
    <message>
        <source>Test the proxy</source>
        <translation>Test the proxy</translation>
    </message>
    <message>
        <source>Proxy test result</source>
        <translation>Proxy test result</translation>
    </message>
    <message>
        <source>Uploads and updates use the same proxy. The server&apos;s certificate is still checked through the proxy; a proxy that asks for a password is signed in to when it first asks.</source>
        <translation>Uploads and updates use the same proxy. The server&apos;s certificate is still checked through the proxy; a proxy that asks for a password is signed in to when it first asks.</translation>
    </message>
    <message>
        <source>Proxy help</source>
        <translation>Proxy help</translation>
    </message>
</context>
<context>
    <name>ProxySignInDialog</name>
    <message>
        <source>Enter the user name and the password for the proxy.</source>
        <translation>Enter the user name and the password for the proxy.</translation>
    </message>
    <message>
        <source>Sign in to the proxy</source>
        <translation>Sign in to the proxy</translation>
    </message>
    <message>
        <source>The proxy {proxy} of your network asks for a user name and password before LogMeets can upload. They are kept in your system&apos;s key store.</source>
        <translation>The proxy {proxy} of your network asks for a user name and password before LogMeets can upload. They are kept in your system&apos;s key store.</translation>
    </message>
    <message>
        <source>&amp;User name:</source>
        <translation>&amp;User name:</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>&amp;Password:</translation>
    </message>
    <message>
        <source>Proxy user name</source>
        <translation>Proxy user name</translation>
    </message>
    <message>
        <source>Proxy password</source>
        <translation>Proxy password</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Error</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>Sign in</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>RecordPanel</name>
    <message>
        <source>&amp;Microphone:</source>
        <translation>&amp;Microphone:</translation>
    </message>
    <message>
        <source>Microphone</source>
        <translation>Microphone</translation>
    </message>
    <message>
        <source>The input device to record from</source>
        <translation>The input device to record from</translation>
    </message>
    <message>
        <source>Test microphone</source>
        <translation>Test microphone</translation>
    </message>
    <message>
        <source>Show the level of the chosen microphone without recording</source>
        <translation>Show the level of the chosen microphone without recording</translation>
    </message>
    <message>
        <source>Microphone test level</source>
        <translation>Microphone test level</translation>
    </message>
    <message>
        <source>Record computer audio (other participants)</source>
        <translation>Record computer audio (other participants)</translation>
    </message>
    <message>
        <source>Also record what the computer plays (the other side of an online meeting) as a second channel beside the microphone. On macOS this needs the Screen and System Audio Recording permission.</source>
        <translation>Also record what the computer plays (the other side of an online meeting) as a second channel beside the microphone. On macOS this needs the Screen and System Audio Recording permission.</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>Record</translation>
    </message>
    <message>
        <source>Pause or resume</source>
        <translation>Pause or resume</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Stop</translation>
    </message>
    <message>
        <source>Stop recording; everything recorded is kept</source>
        <translation>Stop recording; everything recorded is kept</translation>
    </message>
    <message>
        <source>Elapsed time</source>
        <translation>Elapsed time</translation>
    </message>
    <message>
        <source>Recording state</source>
        <translation>Recording state</translation>
    </message>
    <message>
        <source>Input level</source>
        <translation>Input level</translation>
    </message>
    <message>
        <source>Input level: bar = average, line = peak, red lamp = clipping</source>
        <translation>Input level: bar = average, line = peak, red lamp = clipping</translation>
    </message>
    <message>
        <source>&amp;Title:</source>
        <translation>&amp;Title:</translation>
    </message>
    <message>
        <source>Recording title</source>
        <translation>Recording title</translation>
    </message>
    <message>
        <source>Name of the meeting</source>
        <translation>Name of the meeting</translation>
    </message>
    <message>
        <source>M&amp;arker:</source>
        <translation>M&amp;arker:</translation>
    </message>
    <message>
        <source>Marker text</source>
        <translation>Marker text</translation>
    </message>
    <message>
        <source>What is happening now (optional)</source>
        <translation>What is happening now (optional)</translation>
    </message>
    <message>
        <source>Add marker</source>
        <translation>Add marker</translation>
    </message>
    <message>
        <source>Mark this moment in the recording</source>
        <translation>Mark this moment in the recording</translation>
    </message>
    <message>
        <source>Markers added</source>
        <translation>Markers added</translation>
    </message>
    <message>
        <source>Free disk space</source>
        <translation>Free disk space</translation>
    </message>
    <message>
        <source>Dropped audio</source>
        <translation>Dropped audio</translation>
    </message>
    <message>
        <source>System default</source>
        <translation>System default</translation>
    </message>
    <message>
        <source>No microphone found</source>
        <translation>No microphone found</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Resume</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Pause</translation>
    </message>
    <message>
        <source>Continue recording</source>
        <translation>Continue recording</translation>
    </message>
    <message>
        <source>Pause without ending the recording</source>
        <translation>Pause without ending the recording</translation>
    </message>
    <message>
        <source>Start a new recording</source>
        <translation>Start a new recording</translation>
    </message>
    <message>
        <source>Starting up…</source>
        <translation>Starting up…</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>Ready</translation>
    </message>
    <message>
        <source>Opening the microphone…</source>
        <translation>Opening the microphone…</translation>
    </message>
    <message>
        <source>Recording</source>
        <translation>Recording</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>Paused</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>Saving…</translation>
    </message>
    <message>
        <source>Free disk space: checking…</source>
        <translation>Free disk space: checking…</translation>
    </message>
    <message>
        <source>Disk space left for more than 99 hours of recording</source>
        <translation>Disk space left for more than 99 hours of recording</translation>
    </message>
    <message>
        <source>Disk space left for about {time} of recording</source>
        <translation>Disk space left for about {time} of recording</translation>
    </message>
    <message>
        <source>Markers: {n}</source>
        <translation>Markers: {n}</translation>
    </message>
    <message>
        <source>{m} min</source>
        <translation>{m} min</translation>
    </message>
    <message>
        <source>{h} h {m} min</source>
        <translation>{h} h {m} min</translation>
    </message>
    <message>
        <source>Dropped audio blocks: {n}</source>
        <translation>Dropped audio blocks: {n}</translation>
    </message>
</context>
<context>
    <name>RecordingsModel</name>
    <message>
        <source>Title</source>
        <extracomment>A recording&apos;s or chunk&apos;s length as the list shows it: H:MM:SS, or M:SS under an hour.</extracomment>
        <translation>Title</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>Length</source>
        <translation>Length</translation>
    </message>
    <message>
        <source>State</source>
        <translation>State</translation>
    </message>
    <message>
        <source>Untitled recording</source>
        <translation>Untitled recording</translation>
    </message>
    <message>
        <source>Uploaded recording</source>
        <translation>Uploaded recording</translation>
    </message>
    <message>
        <source>Its title and markers were removed from this computer after upload.</source>
        <translation>Its title and markers were removed from this computer after upload.</translation>
    </message>
    <message>
        <source>Part {n}</source>
        <translation>Part {n}</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>Paused</translation>
    </message>
    <message>
        <source>Recording</source>
        <translation>Recording</translation>
    </message>
    <message>
        <source>the file is damaged</source>
        <translation>the file is damaged</translation>
    </message>
    <message>
        <source>Failed: {reason}</source>
        <translation>Failed: {reason}</translation>
    </message>
    <message>
        <source>This part cannot be uploaded. Keep the app open and contact your administrator; the other parts are not affected.</source>
        <translation>This part cannot be uploaded. Keep the app open and contact your administrator; the other parts are not affected.</translation>
    </message>
    <message>
        <source>Waiting to retry</source>
        <translation>Waiting to retry</translation>
    </message>
    <message>
        <source>Last attempt failed: {reason}. It will be retried automatically.</source>
        <translation>Last attempt failed: {reason}. It will be retried automatically.</translation>
    </message>
    <message>
        <source>Waiting to upload</source>
        <translation>Waiting to upload</translation>
    </message>
    <message>
        <source>Uploading {percent} %</source>
        <translation>Uploading {percent} %</translation>
    </message>
    <message>
        <source>Sent, waiting for receipt</source>
        <translation>Sent, waiting for receipt</translation>
    </message>
    <message>
        <source>The server has the data; the local copy is kept until it confirms it.</source>
        <translation>The server has the data; the local copy is kept until it confirms it.</translation>
    </message>
    <message>
        <source>Confirmed</source>
        <translation>Confirmed</translation>
    </message>
    <message>
        <source>Confirmed, local copy erased</source>
        <translation>Confirmed, local copy erased</translation>
    </message>
    <message>
        <source>The server confirmed this part; it was removed from this computer.</source>
        <translation>The server confirmed this part; it was removed from this computer.</translation>
    </message>
    <message>
        <source>The damaged parts can never be uploaded, and they keep this recording&apos;s key on this computer. Export to FLAC… keeps what is still readable; Forget… then erases the key.</source>
        <translation>The damaged parts can never be uploaded, and they keep this recording&apos;s key on this computer. Export to FLAC… keeps what is still readable; Forget… then erases the key.</translation>
    </message>
    <message>
        <source>{n} part(s) failed</source>
        <translation>{n} part(s) failed</translation>
    </message>
    <message>
        <source>No audio</source>
        <translation>No audio</translation>
    </message>
    <message>
        <source>Uploaded, erased from this computer</source>
        <translation>Uploaded, erased from this computer</translation>
    </message>
    <message>
        <source>All parts confirmed</source>
        <translation>All parts confirmed</translation>
    </message>
    <message>
        <source>Uploaded and erased from this computer; its title and markers are kept in the encrypted history.</source>
        <translation>Uploaded and erased from this computer; its title and markers are kept in the encrypted history.</translation>
    </message>
</context>
<context>
    <name>RecordingsView</name>
    <message>
        <source>Recordings</source>
        <translation>Recordings</translation>
    </message>
    <message>
        <source>Your recordings and the upload state of each part</source>
        <translation>Your recordings and the upload state of each part</translation>
    </message>
    <message>
        <source>Export to FLAC…</source>
        <translation>Export to FLAC…</translation>
    </message>
    <message>
        <source>Every part was uploaded and erased from this computer.</source>
        <translation>Every part was uploaded and erased from this computer.</translation>
    </message>
    <message>
        <source>Forget…</source>
        <translation>Forget…</translation>
    </message>
    <message>
        <source>Only a recording with damaged parts can be forgotten.</source>
        <translation>Only a recording with damaged parts can be forgotten.</translation>
    </message>
    <message>
        <source>No recordings yet: press Record</source>
        <translation>No recordings yet: press Record</translation>
    </message>
    <message>
        <source>Remove from history…</source>
        <translation>Remove from history…</translation>
    </message>
    <message>
        <source>The server has no page for this recording.</source>
        <translation>The server has no page for this recording.</translation>
    </message>
    <message>
        <source>Open in LogMeets</source>
        <translation>Open in LogMeets</translation>
    </message>
</context>
<context>
    <name>Reminders</name>
    <message>
        <source>Untitled recording</source>
        <extracomment>Uploads finished and &quot;all uploaded&quot; arriving within this long are told as one notification.</extracomment>
        <translation>Untitled recording</translation>
    </message>
    <message>
        <source>“{title}” has been recording for {minutes} min. If the meeting is over, stop it.</source>
        <translation>“{title}” has been recording for {minutes} min. If the meeting is over, stop it.</translation>
    </message>
    <message>
        <source>Still recording</source>
        <translation>Still recording</translation>
    </message>
    <message>
        <source>“{title}” has been uploaded.</source>
        <translation>“{title}” has been uploaded.</translation>
    </message>
    <message>
        <source>{n} recordings have been uploaded: {titles}.</source>
        <translation>{n} recordings have been uploaded: {titles}.</translation>
    </message>
    <message>
        <source>Every recording has reached the server and was confirmed.</source>
        <translation>Every recording has reached the server and was confirmed.</translation>
    </message>
    <message>
        <source>All recordings uploaded</source>
        <translation>All recordings uploaded</translation>
    </message>
    <message>
        <source>Recording uploaded</source>
        <translation>Recording uploaded</translation>
    </message>
    <message>
        <source>Your account was signed in on another device, so uploading has stopped. Your recordings are kept on this computer. Click here to sign in again.</source>
        <translation>Your account was signed in on another device, so uploading has stopped. Your recordings are kept on this computer. Click here to sign in again.</translation>
    </message>
    <message>
        <source>Sign in again</source>
        <translation>Sign in again</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>Settings</translation>
    </message>
    <message>
        <source>Settings pages</source>
        <translation>Settings pages</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Error</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <source>Locked: set by your administrator in {path}</source>
        <translation>Locked: set by your administrator in {path}</translation>
    </message>
    <message>
        <source>Locked: {reason}</source>
        <translation>Locked: {reason}</translation>
    </message>
    <message>
        <source>Why this setting is locked</source>
        <translation>Why this setting is locked</translation>
    </message>
</context>
<context>
    <name>SignInDialog</name>
    <message>
        <source>Sign in</source>
        <translation>Sign in</translation>
    </message>
    <message>
        <source>&amp;Server:</source>
        <translation>&amp;Server:</translation>
    </message>
    <message>
        <source>Server address</source>
        <translation>Server address</translation>
    </message>
    <message>
        <source>&amp;User:</source>
        <translation>&amp;User:</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>User name</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>&amp;Password:</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Password</translation>
    </message>
    <message>
        <source>Advanced</source>
        <translation>Advanced</translation>
    </message>
    <message>
        <source>Advanced settings</source>
        <translation>Advanced settings</translation>
    </message>
    <message>
        <source>&amp;CA certificate:</source>
        <translation>&amp;CA certificate:</translation>
    </message>
    <message>
        <source>CA certificate file</source>
        <translation>CA certificate file</translation>
    </message>
    <message>
        <source>A PEM file with your organisation&apos;s certificate authority</source>
        <translation>A PEM file with your organisation&apos;s certificate authority</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Browse…</translation>
    </message>
    <message>
        <source>Choose CA certificate file</source>
        <translation>Choose CA certificate file</translation>
    </message>
    <message>
        <source>Signing in…</source>
        <translation>Signing in…</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>Progress</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Error</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Locked: {reason}</source>
        <translation>Locked: {reason}</translation>
    </message>
    <message>
        <source>Enter the server address, your user name and your password.</source>
        <translation>Enter the server address, your user name and your password.</translation>
    </message>
    <message>
        <source>CA certificate</source>
        <translation>CA certificate</translation>
    </message>
    <message>
        <source>Certificates (*.pem *.crt);;All files (*)</source>
        <translation>Certificates (*.pem *.crt);;All files (*)</translation>
    </message>
    <message>
        <source>Locked</source>
        <translation>Locked</translation>
    </message>
    <message>
        <source>Set by your administrator; ask them to change it.</source>
        <translation>Set by your administrator; ask them to change it.</translation>
    </message>
</context>
<context>
    <name>SupersededBanner</name>
    <message>
        <source>Your account was signed in on another device, so uploading from this computer has stopped. Every recording is kept here, encrypted. Sign in again to continue.</source>
        <translation>Your account was signed in on another device, so uploading from this computer has stopped. Every recording is kept here, encrypted. Sign in again to continue.</translation>
    </message>
    <message>
        <source>Session taken over</source>
        <translation>Session taken over</translation>
    </message>
    <message>
        <source>Sign in again…</source>
        <translation>Sign in again…</translation>
    </message>
    <message>
        <source>Sign in again</source>
        <translation>Sign in again</translation>
    </message>
</context>
<context>
    <name>SyncIndicator</name>
    <message>
        <source>Upload state</source>
        <translation>Upload state</translation>
    </message>
    <message>
        <source>Syncing…</source>
        <translation>Syncing…</translation>
    </message>
    <message>
        <source>Offline: uploads resume when the server is reachable</source>
        <translation>Offline: uploads resume when the server is reachable</translation>
    </message>
    <message>
        <source>Sign in to upload</source>
        <translation>Sign in to upload</translation>
    </message>
    <message>
        <source>Signed out: another device took over</source>
        <translation>Signed out: another device took over</translation>
    </message>
    <message>
        <source>All recordings uploaded</source>
        <translation>All recordings uploaded</translation>
    </message>
    <message>
        <source>Waiting, next try in {seconds} s</source>
        <translation>Waiting, next try in {seconds} s</translation>
    </message>
    <message>
        <source>Waiting to upload</source>
        <translation>Waiting to upload</translation>
    </message>
    <message>
        <source>{n} part(s) waiting to upload</source>
        <translation>{n} part(s) waiting to upload</translation>
    </message>
    <message>
        <source>Nothing to upload</source>
        <translation>Nothing to upload</translation>
    </message>
</context>
<context>
    <name>TransferStatus</name>
    <message>
        <source>Uploading: {left} left</source>
        <translation>Uploading: {left} left</translation>
    </message>
    <message>
        <source>Uploading: {left} left, {speed}/s, about {time} remaining</source>
        <translation>Uploading: {left} left, {speed}/s, about {time} remaining</translation>
    </message>
</context>
<context>
    <name>Tray</name>
    <message>
        <source>Record</source>
        <translation>Record</translation>
    </message>
    <message>
        <source>Stop recording</source>
        <translation>Stop recording</translation>
    </message>
    <message>
        <source>Show LogMeets Recorder</source>
        <translation>Show LogMeets Recorder</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Quit</translation>
    </message>
    <message>
        <source>Tray menu</source>
        <translation>Tray menu</translation>
    </message>
    <message>
        <source>LogMeets Recorder: recording</source>
        <translation>LogMeets Recorder: recording</translation>
    </message>
    <message>
        <source>LogMeets Recorder</source>
        <translation>LogMeets Recorder</translation>
    </message>
</context>
<context>
    <name>UpdatesPage</name>
    <message>
        <source>Updates</source>
        <translation>Updates</translation>
    </message>
    <message>
        <source>Keep LogMeets up to date</source>
        <translation>Keep LogMeets up to date</translation>
    </message>
    <message>
        <source>Versions:</source>
        <translation>Versions:</translation>
    </message>
    <message>
        <source>Versions</source>
        <translation>Versions</translation>
    </message>
    <message>
        <source>Stable releases</source>
        <translation>Stable releases</translation>
    </message>
    <message>
        <source>Stable and beta releases</source>
        <translation>Stable and beta releases</translation>
    </message>
    <message>
        <source>New versions are checked for at start and every six hours, verified against LogMeets&apos; signing keys, and installed when LogMeets restarts, never during a recording.</source>
        <translation>New versions are checked for at start and every six hours, verified against LogMeets&apos; signing keys, and installed when LogMeets restarts, never during a recording.</translation>
    </message>
    <message>
        <source>Updates help</source>
        <translation>Updates help</translation>
    </message>
</context>
<context>
    <name>WelcomeDialog</name>
    <message>
        <source>Welcome</source>
        <translation>Welcome</translation>
    </message>
    <message>
        <source>Welcome to LogMeets Recorder</source>
        <translation>Welcome to LogMeets Recorder</translation>
    </message>
    <message>
        <source>Choose your microphone and speak: the bar moves when it hears you.</source>
        <translation>Choose your microphone and speak: the bar moves when it hears you.</translation>
    </message>
    <message>
        <source>&amp;Microphone:</source>
        <translation>&amp;Microphone:</translation>
    </message>
    <message>
        <source>System default</source>
        <translation>System default</translation>
    </message>
    <message>
        <source>Microphone</source>
        <translation>Microphone</translation>
    </message>
    <message>
        <source>Microphone level</source>
        <translation>Microphone level</translation>
    </message>
    <message>
        <source>The level of the chosen microphone, live</source>
        <translation>The level of the chosen microphone, live</translation>
    </message>
    <message>
        <source>Recordings are encrypted on this computer as you record and are uploaded to your organisation&apos;s server once you sign in; each part is erased here after the server confirms it has it.</source>
        <translation>Recordings are encrypted on this computer as you record and are uploaded to your organisation&apos;s server once you sign in; each part is erased here after the server confirms it has it.</translation>
    </message>
    <message>
        <source>Where recordings go</source>
        <translation>Where recordings go</translation>
    </message>
    <message>
        <source>Sign in…</source>
        <translation>Sign in…</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>Sign in</translation>
    </message>
    <message>
        <source>Record now, upload later</source>
        <translation>Record now, upload later</translation>
    </message>
    <message>
        <source>Recordings wait on this computer, encrypted, until you sign in</source>
        <translation>Recordings wait on this computer, encrypted, until you sign in</translation>
    </message>
    <message>
        <source>Microphone problem</source>
        <translation>Microphone problem</translation>
    </message>
</context>
</TS>
