<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ja" sourcelanguage="en">
<context>
    <name>AboutDialog</name>
    <message>
        <source>Copied. Paste it into your message to IT support; it holds no passwords.</source>
        <translation>コピーしました。IT サポートへのメッセージに貼り付けてください。パスワードは含まれていません。</translation>
    </message>
    <message>
        <source>About LogMeets Recorder</source>
        <translation>LogMeets レコーダーについて</translation>
    </message>
    <message>
        <source>LogMeets Recorder</source>
        <translation>LogMeets レコーダー</translation>
    </message>
    <message>
        <source>Version {version}</source>
        <translation>バージョン {version}</translation>
    </message>
    <message>
        <source>Data folder:</source>
        <translation>データフォルダー:</translation>
    </message>
    <message>
        <source>Log folder:</source>
        <translation>ログフォルダー:</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>開く</translation>
    </message>
    <message>
        <source>Open data folder</source>
        <translation>データフォルダーを開く</translation>
    </message>
    <message>
        <source>Open log folder</source>
        <translation>ログフォルダーを開く</translation>
    </message>
    <message>
        <source>Copy diagnostics</source>
        <translation>診断情報をコピー</translation>
    </message>
    <message>
        <source>Versions, system, audio devices, settings and recent errors; no passwords</source>
        <translation>バージョン、システム、オーディオデバイス、設定、最近のエラー（パスワードは含みません）</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>閉じる</translation>
    </message>
</context>
<context>
    <name>AccountLabel</name>
    <message>
        <source>Account</source>
        <translation>アカウント</translation>
    </message>
    <message>
        <source>{user} at {server}</source>
        <translation>{user}（{server}）</translation>
    </message>
    <message>
        <source>Signed in; recordings upload to this server</source>
        <translation>サインイン済み。録音はこのサーバーへアップロードされます</translation>
    </message>
    <message>
        <source>Not signed in</source>
        <translation>サインインしていません</translation>
    </message>
    <message>
        <source>Sign in to upload recordings; you can record without it</source>
        <translation>録音をアップロードするにはサインインしてください。サインインしなくても録音はできます</translation>
    </message>
</context>
<context>
    <name>AudioPage</name>
    <message>
        <source>Audio</source>
        <translation>オーディオ</translation>
    </message>
    <message>
        <source>What the computer plays (the other side of an online meeting), recorded as a second channel beside the microphone. The switch beside the microphone in the main window follows this choice.</source>
        <translation>コンピューターが再生する音声（オンライン会議の相手側）を、マイクと並ぶ 2 番目のチャンネルとして録音します。メイン画面の「コンピューターの音声を録音（他の参加者）」もこの選択に従います。</translation>
    </message>
    <message>
        <source>Microphone:</source>
        <translation>マイク:</translation>
    </message>
    <message>
        <source>Computer audio:</source>
        <translation>コンピューターの音声:</translation>
    </message>
    <message>
        <source>Sample rate:</source>
        <translation>サンプリングレート:</translation>
    </message>
    <message>
        <source>Channels:</source>
        <translation>チャンネル:</translation>
    </message>
    <message>
        <source>Sample format:</source>
        <translation>サンプル形式:</translation>
    </message>
    <message>
        <source>Chunk length:</source>
        <translation>チャンクの長さ:</translation>
    </message>
    <message>
        <source>System default</source>
        <translation>システムの既定</translation>
    </message>
    <message>
        <source>Off</source>
        <translation>オフ</translation>
    </message>
    <message>
        <source>Default output (follows the system&apos;s output)</source>
        <translation>既定の出力（システムの出力設定に従う）</translation>
    </message>
    <message>
        <source>Mono</source>
        <translation>モノラル</translation>
    </message>
    <message>
        <source>Stereo</source>
        <translation>ステレオ</translation>
    </message>
    <message>
        <source>16-bit (smaller files)</source>
        <translation>16 ビット（ファイルが小さい）</translation>
    </message>
    <message>
        <source>24-bit (more headroom)</source>
        <translation>24 ビット（余裕のある音量範囲）</translation>
    </message>
    <message>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <source>Never</source>
        <translation>しない</translation>
    </message>
    <message>
        <source>{name} (not available now)</source>
        <translation>{name}（現在は利用できません）</translation>
    </message>
    <message>
        <source> min</source>
        <translation> 分</translation>
    </message>
    <message>
        <source>Remind me of a recording after:</source>
        <translation>長い録音を通知するまでの時間:</translation>
    </message>
    <message>
        <source>Warn of a silent microphone after:</source>
        <translation>無音のマイクを警告するまでの時間:</translation>
    </message>
</context>
<context>
    <name>ForgetFlow</name>
    <message>
        <source>Untitled recording</source>
        <translation>無題の録音</translation>
    </message>
    <message>
        <source>Recording forgotten: its key is erased from this computer.</source>
        <translation>録音を破棄しました。この録音の鍵をこのコンピューターから消去しました。</translation>
    </message>
</context>
<context>
    <name>GeneralPage</name>
    <message>
        <source>General</source>
        <translation>全般</translation>
    </message>
    <message>
        <source>&amp;Start LogMeets Recorder when I log in</source>
        <translation>ログイン時に LogMeets レコーダーを起動する(&amp;S)</translation>
    </message>
    <message>
        <source>Start when I log in</source>
        <translation>ログイン時に起動</translation>
    </message>
    <message>
        <source>It starts in the tray without opening its window, so that recordings left on this computer are uploaded without you having to remember.</source>
        <translation>ウィンドウを開かずにトレイで起動します。このコンピューターに残っている録音は、覚えておかなくてもアップロードされます。</translation>
    </message>
    <message>
        <source>Start at login help</source>
        <translation>ログイン時の起動の説明</translation>
    </message>
    <message>
        <source>&amp;Offer to record when a meeting app starts using the microphone</source>
        <translation>会議アプリがマイクを使い始めたら録音を提案する(&amp;O)</translation>
    </message>
    <message>
        <source>Offer to record meetings</source>
        <translation>会議の録音を提案</translation>
    </message>
</context>
<context>
    <name>HistoryFlow</name>
    <message>
        <source>Untitled recording</source>
        <translation>無題の録音</translation>
    </message>
    <message>
        <source>Removed from the history on this computer.</source>
        <translation>このコンピューターの履歴から削除しました。</translation>
    </message>
</context>
<context>
    <name>LanguagePage</name>
    <message>
        <source>Language</source>
        <translation>言語</translation>
    </message>
    <message>
        <source>Language:</source>
        <translation>言語:</translation>
    </message>
    <message>
        <source>System language</source>
        <translation>システムの言語</translation>
    </message>
    <message>
        <source>The window changes language as soon as you save.</source>
        <translation>保存するとすぐに画面の言語が切り替わります。</translation>
    </message>
    <message>
        <source>Language help</source>
        <translation>言語の説明</translation>
    </message>
</context>
<context>
    <name>LevelMeter</name>
    <message>
        <source>Mic</source>
        <translation>マイク</translation>
    </message>
    <message>
        <source>Computer</source>
        <translation>コンピューター</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Cannot record</source>
        <translation>録音できません</translation>
    </message>
    <message>
        <source>Marker {n}</source>
        <translation>マーカー {n}</translation>
    </message>
    <message>
        <source>Computer audio cannot be recorded: allow LogMeets under System Settings &gt; Privacy and Security &gt; Screen and System Audio Recording. The microphone is being recorded.</source>
        <translation>コンピューターの音声を録音できません。システム設定 &gt; プライバシーとセキュリティ &gt; 画面とシステムオーディオの録音 で LogMeets を許可してください。マイクは録音されています。</translation>
    </message>
    <message>
        <source>Computer audio is not reaching the recording; the microphone is.</source>
        <translation>コンピューターの音声が録音に届いていません。マイクは録音されています。</translation>
    </message>
    <message>
        <source>Computer audio is being recorded again</source>
        <translation>コンピューターの音声の録音を再開しました</translation>
    </message>
    <message>
        <source>Recording from {device}</source>
        <translation>{device} から録音しています</translation>
    </message>
    <message>
        <source>The microphone {device} stopped delivering audio. Trying to reconnect…</source>
        <translation>マイク {device} から音声が届かなくなりました。再接続を試みています…</translation>
    </message>
    <message>
        <source>Microphone lost</source>
        <translation>マイクが切断されました</translation>
    </message>
    <message>
        <source>Recording continues on {device}</source>
        <translation>{device} で録音を続けています</translation>
    </message>
    <message>
        <source>Disk space is low: about {minutes} min of recording left.</source>
        <translation>ディスクの空き容量が少なくなっています。録音できるのは残り約 {minutes} 分です。</translation>
    </message>
    <message>
        <source>Disk space low</source>
        <translation>ディスクの空き容量不足</translation>
    </message>
    <message>
        <source>Recording stopped: the disk is almost full. Everything recorded is saved.</source>
        <translation>ディスクがほぼいっぱいのため録音を停止しました。録音した内容はすべて保存されています。</translation>
    </message>
    <message>
        <source>Recording stopped: the microphone was lost and did not come back. Everything recorded is saved.</source>
        <translation>マイクが切断されて復帰しなかったため録音を停止しました。録音した内容はすべて保存されています。</translation>
    </message>
    <message>
        <source>Recording stopped because of an error. Everything recorded until then is saved.</source>
        <translation>エラーのため録音を停止しました。それまでに録音した内容は保存されています。</translation>
    </message>
    <message>
        <source>Recording stopped: the set duration was reached.</source>
        <translation>設定した録音時間に達したため録音を停止しました。</translation>
    </message>
    <message>
        <source>Recording stopped</source>
        <translation>録音を停止しました</translation>
    </message>
    <message>
        <source>LogMeets Recorder stopped unexpectedly during a recording. The last {seconds} s were recovered from the crash journal and will be uploaded with the rest.</source>
        <translation>録音中に LogMeets レコーダーが予期せず終了しました。最後の {seconds} 秒分はクラッシュジャーナルから復元され、ほかの録音と一緒にアップロードされます。</translation>
    </message>
    <message>
        <source>Recording recovered</source>
        <translation>録音を復元しました</translation>
    </message>
    <message>
        <source>Signed in</source>
        <translation>サインインしました</translation>
    </message>
    <message>
        <source>LogMeets Recorder</source>
        <extracomment>The transport and marker keys (portable text). Each must clash with no Qt standard key (`QKeySequence.StandardKey`) of any platform: tests/gui/test_gui_shortcuts.py checks it.</extracomment>
        <translation>LogMeets レコーダー</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>ファイル(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Recording</source>
        <translation>録音(&amp;R)</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>録音</translation>
    </message>
    <message>
        <source>Pause / Resume</source>
        <translation>一時停止 / 再開</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Add marker</source>
        <translation>マーカーを追加</translation>
    </message>
    <message>
        <source>Sign in…</source>
        <translation>サインイン…</translation>
    </message>
    <message>
        <source>Sign out</source>
        <translation>サインアウト</translation>
    </message>
    <message>
        <source>Settings…</source>
        <translation>設定…</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>終了</translation>
    </message>
    <message>
        <source>Recordings</source>
        <translation>録音一覧</translation>
    </message>
    <message>
        <source>Notice</source>
        <translation>お知らせ</translation>
    </message>
    <message>
        <source>Upload state</source>
        <translation>アップロードの状態</translation>
    </message>
    <message>
        <source>Start a new recording ({key})</source>
        <translation>新しい録音を開始（{key}）</translation>
    </message>
    <message>
        <source>Menu bar</source>
        <translation>メニューバー</translation>
    </message>
    <message>
        <source>Status bar</source>
        <translation>ステータスバー</translation>
    </message>
    <message>
        <source>Exported to {path}</source>
        <translation>{path} に書き出しました</translation>
    </message>
    <message>
        <source>LogMeets {version} is available. This installation is updated by your package manager or your IT support.</source>
        <translation>LogMeets {version} が利用できます。このインストールは、パッケージマネージャーまたは IT サポートが更新します。</translation>
    </message>
    <message>
        <source>Stop the recording first; the update is installed when LogMeets restarts.</source>
        <translation>先に録音を停止してください。更新は LogMeets の再起動時にインストールされます。</translation>
    </message>
    <message>
        <source>Restart to update ({version})</source>
        <translation>再起動して更新（{version}）</translation>
    </message>
    <message>
        <source>Update available: {version}</source>
        <translation>更新があります: {version}</translation>
    </message>
    <message>
        <source>Update</source>
        <translation>更新</translation>
    </message>
    <message>
        <source>Still running</source>
        <translation>実行中です</translation>
    </message>
    <message>
        <source>LogMeets Recorder keeps recording and uploading in the background. Open it from the tray; choose Quit there to end it.</source>
        <translation>LogMeets レコーダーはバックグラウンドで録音とアップロードを続けます。トレイから開けます。終了するにはトレイの「終了」を選んでください。</translation>
    </message>
    <message>
        <source>LogMeets Recorder keeps recording and uploading while its window is minimised. Choose Quit in its File menu to end it.</source>
        <translation>LogMeets レコーダーはウィンドウを最小化したまま録音とアップロードを続けます。終了するには「ファイル」メニューの「終了」を選んでください。</translation>
    </message>
    <message>
        <source>About LogMeets Recorder…</source>
        <translation>LogMeets レコーダーについて…</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>ヘルプ(&amp;H)</translation>
    </message>
    <message>
        <source>Microphone silent</source>
        <translation>マイクが無音です</translation>
    </message>
    <message>
        <source>The microphone {device} has picked up nothing for {seconds} s. Check that it is not muted (on the headset or in the system settings), that LogMeets Recorder is allowed to use the microphone (on macOS: System Settings, Privacy and Security, Microphone), and that the right microphone is chosen. Recording goes on.</source>
        <translation>マイク {device} は {seconds} 秒間、何も音を拾っていません。ミュートになっていないか（ヘッドセット側とシステム設定の両方）、LogMeets レコーダーにマイクの使用が許可されているか（macOS: システム設定 &gt; プライバシーとセキュリティ &gt; マイク）、正しいマイクが選ばれているかを確認してください。録音は続いています。</translation>
    </message>
    <message>
        <source>The microphone picks up sound again.</source>
        <translation>マイクが再び音を拾っています。</translation>
    </message>
</context>
<context>
    <name>MeetingPrompt</name>
    <message>
        <source>A meeting app is using the microphone. Record this meeting?</source>
        <translation>会議アプリがマイクを使用しています。この会議を録音しますか？</translation>
    </message>
    <message>
        <source>{app} is using the microphone. Record this meeting?</source>
        <translation>{app} がマイクを使用しています。この会議を録音しますか？</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>録音</translation>
    </message>
    <message>
        <source>Not now</source>
        <translation>今はしない</translation>
    </message>
    <message>
        <source>Meeting detected</source>
        <translation>会議を検出しました</translation>
    </message>
    <message>
        <source>{app} meeting</source>
        <translation>{app} の会議</translation>
    </message>
    <message>
        <source>Record the meeting</source>
        <translation>会議を録音</translation>
    </message>
    <message>
        <source>Do not record the meeting</source>
        <translation>会議を録音しない</translation>
    </message>
</context>
<context>
    <name>Messages</name>
    <message>
        <source>Another LogMeets Recorder (the app, or `logmeets record` / `logmeets sync`) is already using the data folder {path}. Close it first, or wait until it finishes, then try again.</source>
        <translation>別の LogMeets レコーダー（アプリ、または `logmeets record` / `logmeets sync`）がデータフォルダー {path} を使用中です。先にそちらを閉じるか終わるのを待ってから、もう一度お試しください。</translation>
    </message>
    <message>
        <source>The audit log {path} cannot be written ({reason}). Free some disk space or check the folder&apos;s permissions; LogMeets stops until it can record what it does.</source>
        <translation>監査ログ {path} に書き込めません（{reason}）。ディスクの空き容量を増やすか、フォルダーのアクセス権を確認してください。操作を記録できるようになるまで LogMeets は停止します。</translation>
    </message>
    <message>
        <source>Sign in to upload your recordings (logmeets login, or Sign in in the app). They are kept on this computer until then.</source>
        <translation>録音をアップロードするにはサインインしてください（logmeets login、またはアプリの「サインイン」）。それまで録音はこのコンピューターに保存されます。</translation>
    </message>
    <message>
        <source>The user name or password for {user} is wrong. Check them and try again.</source>
        <translation>{user} のユーザー名またはパスワードが違います。確認して、もう一度お試しください。</translation>
    </message>
    <message>
        <source>The organisation&apos;s encryption key &quot;{recipient}&quot; is not a valid age recipient (it must start with age1). Ask your IT support for the correct org_recipient.</source>
        <translation>組織の暗号化キー「{recipient}」は有効な age の受信者キーではありません（age1 で始まる必要があります）。正しい org_recipient を IT サポートに確認してください。</translation>
    </message>
    <message>
        <source>The CA certificate file {path} cannot be read or is not a PEM certificate. Check the path (logmeets login --ca-file F) or ask your IT support for the right file.</source>
        <translation>CA 証明書ファイル {path} を読み込めないか、PEM 形式の証明書ではありません。パスを確認する（logmeets login --ca-file F）か、正しいファイルを IT サポートに確認してください。</translation>
    </message>
    <message>
        <source>Your organisation&apos;s encryption key is not known yet, so nothing was uploaded: your recordings are kept on this computer. Sign in to your organisation&apos;s server (logmeets login), or ask your IT support to set org_recipient.</source>
        <translation>組織の暗号化キーがまだ分からないため、何もアップロードしていません。録音はこのコンピューターに保存されています。組織のサーバーにサインインする（logmeets login）か、org_recipient の設定を IT サポートに依頼してください。</translation>
    </message>
    <message>
        <source>The server announces another organisation key than the one your administrator set, so nothing was signed in or uploaded: your recordings are kept on this computer. This server may not be your organisation&apos;s; contact your IT support.</source>
        <translation>サーバーが示す組織の鍵が、管理者の設定した鍵と異なるため、サインインもアップロードもしていません。録音はこのコンピューターに保存されています。このサーバーは組織のものではない可能性があります。IT サポートに連絡してください。</translation>
    </message>
    <message>
        <source>A piece of a chunk arrived damaged at the server and is being sent again.</source>
        <translation>チャンクの一部が破損した状態でサーバーに届いたため、もう一度送信しています。</translation>
    </message>
    <message>
        <source>The server asked to receive a recording at {location}, which is not the upload address it announced at sign-in, so nothing was sent there and the recording is kept on this computer. Ask your IT support to fix the server&apos;s address configuration.</source>
        <translation>サーバーがサインイン時に示したアップロード先とは異なる {location} で録音を受け取ろうとしたため、そこには何も送信していません。録音はこのコンピューターに保存されています。サーバーのアドレス設定を修正するよう IT サポートに依頼してください。</translation>
    </message>
    <message>
        <source>A chunk&apos;s saved upload address is not on your server&apos;s upload address, so LogMeets did not contact it. The chunk is kept on this computer; contact your IT support.</source>
        <translation>チャンクに保存されているアップロード先がサーバーのアップロード先と異なるため、LogMeets はそこに接続しませんでした。チャンクはこのコンピューターに保存されています。IT サポートに連絡してください。</translation>
    </message>
    <message>
        <source>LogMeets refused to send a request to {url}, which is not your server&apos;s upload address. Nothing was sent there; your recordings are kept on this computer.</source>
        <translation>{url} はサーバーのアップロード先ではないため、LogMeets はそこへのリクエストの送信を拒否しました。そこには何も送信していません。録音はこのコンピューターに保存されています。</translation>
    </message>
    <message>
        <source>The server sent an answer larger than LogMeets reads ({limit} bytes), so it was ignored. Uploading will be retried; if this keeps happening, contact your IT support.</source>
        <translation>サーバーから LogMeets が読み込む上限（{limit} バイト）を超える応答が届いたため、無視しました。アップロードは自動的に再試行されます。繰り返し起こる場合は IT サポートに連絡してください。</translation>
    </message>
    <message>
        <source>A recording chunk is damaged and cannot be decrypted ({reason}). It has been set aside and will not be uploaded or deleted; contact your IT support.</source>
        <translation>録音のチャンクが破損していて復号できません（{reason}）。このチャンクは隔離され、アップロードも削除もされません。IT サポートに連絡してください。</translation>
    </message>
    <message>
        <source>Chunk {index} of recording {recording_id} is already saved; it was not saved twice. Restart the recording if this keeps happening.</source>
        <translation>録音 {recording_id} のチャンク {index} はすでに保存されているため、二重には保存しませんでした。これが繰り返し起きる場合は録音をやり直してください。</translation>
    </message>
    <message>
        <source>The file of chunk {chunk_id} ({path}) is missing. The chunk has been set aside; if you have a backup of the data folder, restore that file from it.</source>
        <translation>チャンク {chunk_id} のファイル（{path}）が見つかりません。このチャンクは隔離されました。データフォルダーのバックアップがあれば、そこからこのファイルを復元してください。</translation>
    </message>
    <message>
        <source>The server&apos;s idea of an upload differed from ours; uploading resumes from the server&apos;s position.</source>
        <translation>アップロードの進み具合がサーバーの認識と食い違っていたため、サーバー側の位置からアップロードを再開します。</translation>
    </message>
    <message>
        <source>The connection to the server was lost. Uploading resumes automatically where it stopped.</source>
        <translation>サーバーとの接続が切れました。中断したところから自動的にアップロードを再開します。</translation>
    </message>
    <message>
        <source>An encryption step failed. Restart LogMeets Recorder; if it happens again, contact your IT support.</source>
        <translation>暗号化の処理に失敗しました。LogMeets レコーダーを再起動してください。再び起きる場合は IT サポートに連絡してください。</translation>
    </message>
    <message>
        <source>{device!r} matches several input devices ({candidates}). Give the full name or the number shown by `logmeets devices`.</source>
        <translation>{device!r} に当てはまる入力デバイスが複数あります（{candidates}）。正確な名前か、`logmeets devices` で表示される番号を指定してください。</translation>
    </message>
    <message>
        <source>The microphone {device!r} was disconnected and did not come back, so LogMeets stopped recording. Everything recorded until then is saved. Reconnect it and start a new recording.</source>
        <translation>マイク {device!r} が切断されて復帰しなかったため、LogMeets は録音を停止しました。それまでに録音した内容はすべて保存されています。マイクを接続し直して、新しい録音を開始してください。</translation>
    </message>
    <message>
        <source>There is no input device {device!r}. Run `logmeets devices` to see the microphones you can choose, by name or number.</source>
        <translation>入力デバイス {device!r} はありません。選べるマイクの名前と番号は `logmeets devices` で確認できます。</translation>
    </message>
    <message>
        <source>There is no system-audio source {device!r} (there are: {available}). Run `logmeets devices` to see them (kind &quot;system&quot;), or leave the name out to record the default output.</source>
        <translation>システム音声のソース {device!r} はありません（あるもの: {available}）。`logmeets devices` で一覧を表示するか（種類 &quot;system&quot;）、名前を省略して既定の出力を録音してください。</translation>
    </message>
    <message>
        <source>The microphone {device!r} could not be opened ({detail}). Close other programs that may be using it, or choose another one with `logmeets devices`.</source>
        <translation>マイク {device!r} を開けませんでした（{detail}）。このマイクを使っている可能性のあるほかのプログラムを閉じるか、別のマイクを選んでください。</translation>
    </message>
    <message>
        <source>The disk is almost full ({free_mb} MB free, {reserve_mb} MB are kept free), so LogMeets stopped recording. Everything recorded so far is saved. Free some disk space to record again.</source>
        <translation>ディスクがほぼいっぱいのため（空き {free_mb} MB、確保する空き容量 {reserve_mb} MB）、LogMeets は録音を停止しました。ここまでの録音はすべて保存されています。再び録音するには、ディスクの空き容量を増やしてください。</translation>
    </message>
    <message>
        <source>The disk is full: LogMeets could not write the {what} and stopped recording. Every chunk already saved is intact, and the last seconds are kept in the crash journal. Free some disk space, then run `logmeets recover` (or start LogMeets) to save them.</source>
        <translation>ディスクがいっぱいで {what} を書き込めなかったため、LogMeets は録音を停止しました。保存済みのチャンクはすべて無事で、最後の数秒はクラッシュジャーナルに残っています。ディスクの空き容量を増やしてから `logmeets recover` を実行する（または LogMeets を起動する）と保存されます。</translation>
    </message>
    <message>
        <source>Could not delete the uploaded file {path} ({reason}). It is encrypted and its key has been or will be deleted; close programs that may hold it open and try again.</source>
        <translation>アップロード済みのファイル {path} を削除できませんでした（{reason}）。ファイルは暗号化されており、その鍵は削除済みか、これから削除されます。このファイルを開いている可能性のあるプログラムを閉じて、もう一度お試しください。</translation>
    </message>
    <message>
        <source>Chunk {index} of recording {recording_id} cannot be read ({reason}). Run `logmeets verify` to set it aside, then export again.</source>
        <translation>録音 {recording_id} のチャンク {index} を読み込めません（{reason}）。`logmeets verify` を実行して隔離してから、もう一度書き出してください。</translation>
    </message>
    <message>
        <source>Chunk {index} of recording {recording_id} has a different audio format ({reason}) from the rest, so it cannot be joined into one file. Contact your IT support.</source>
        <translation>録音 {recording_id} のチャンク {index} はほかと音声形式が異なる（{reason}）ため、1 つのファイルにまとめられません。IT サポートに連絡してください。</translation>
    </message>
    <message>
        <source>Could not write {path}: {reason}. Free some disk space or check the folder&apos;s permissions, then try again.</source>
        <translation>{path} に書き込めませんでした: {reason}。ディスクの空き容量を増やすかフォルダーのアクセス権を確認してから、もう一度お試しください。</translation>
    </message>
    <message>
        <source>The server answered with an error (HTTP {status}). Uploading will be retried; if this keeps happening, contact your IT support.</source>
        <translation>サーバーがエラーを返しました（HTTP {status}）。アップロードは再試行されます。繰り返し起きる場合は IT サポートに連絡してください。</translation>
    </message>
    <message>
        <source>LogMeets tried to move {kind} {item_id} from {current} to {target}, which is not allowed; nothing was changed. Please report this to your IT support.</source>
        <translation>LogMeets が {kind} {item_id} を {current} から {target} へ移そうとしましたが、この変更は許可されていないため何も変更していません。IT サポートに報告してください。</translation>
    </message>
    <message>
        <source>The recordings index {path} cannot be opened ({reason}). Close other programs using it, or restore the data folder from a backup; chunk files are not touched.</source>
        <translation>録音の索引 {path} を開けません（{reason}）。これを使っているほかのプログラムを閉じるか、データフォルダーをバックアップから復元してください。チャンクのファイルには手を付けていません。</translation>
    </message>
    <message>
        <source>The recordings index {path} was written by a newer LogMeets Recorder (format {version}; this one reads up to {supported}). Update LogMeets Recorder.</source>
        <translation>録音の索引 {path} は新しいバージョンの LogMeets レコーダーで書かれています（形式 {version}。このバージョンが読めるのは {supported} まで）。LogMeets レコーダーを更新してください。</translation>
    </message>
    <message>
        <source>The server asked to receive a recording over plain http at {location}, which LogMeets refuses. Ask your IT support to fix the server&apos;s address configuration.</source>
        <translation>サーバーが暗号化されていない http（{location}）で録音を受け取ろうとしたため、LogMeets は送信を拒否しました。サーバーのアドレス設定を直すよう IT サポートに依頼してください。</translation>
    </message>
    <message>
        <source>{url} is not an https:// address. LogMeets only sends recordings over HTTPS; use the https:// address of your server.</source>
        <translation>{url} は https:// のアドレスではありません。LogMeets は HTTPS でしか録音を送信しません。サーバーの https:// アドレスを使ってください。</translation>
    </message>
    <message>
        <source>The recording setting {option} = {value!r} is not allowed; use {allowed}.</source>
        <translation>録音の設定 {option} = {value!r} は使えません。{allowed} を指定してください。</translation>
    </message>
    <message>
        <source>{url} is not a valid server address. Check the address and try again.</source>
        <translation>{url} は有効なサーバーのアドレスではありません。アドレスを確認して、もう一度お試しください。</translation>
    </message>
    <message>
        <source>The crash journal {path} was already closed. Restart the recording.</source>
        <translation>クラッシュジャーナル {path} はすでに閉じられています。録音をやり直してください。</translation>
    </message>
    <message>
        <source>The crash journal {path} is damaged ({reason}) and cannot be recovered. It has been kept as is; contact your IT support if the recording matters.</source>
        <translation>クラッシュジャーナル {path} が破損しているため（{reason}）、復元できません。ファイルはそのまま残してあります。重要な録音であれば IT サポートに連絡してください。</translation>
    </message>
    <message>
        <source>Chunk {index} of recording {recording_id} was saved as chunk {found_index} of recording {found_recording_id}: its file was moved, copied or swapped. It is not used as audio; leave the data folder as it is and tell your IT support.</source>
        <translation>録音 {recording_id} のチャンク {index} は、録音 {found_recording_id} のチャンク {found_index} として保存されたものです。ファイルが移動、コピー、または入れ替えられています。音声としては使用しません。データフォルダーはそのままにして、IT サポートに連絡してください。</translation>
    </message>
    <message>
        <source>A recording chunk does not say clearly where it belongs ({reason}). It is not used as audio; leave the data folder as it is and tell your IT support.</source>
        <translation>録音チャンクの所属先を確認できません（{reason}）。音声としては使用しません。データフォルダーはそのままにして、IT サポートに連絡してください。</translation>
    </message>
    <message>
        <source>A crash journal already exists at {path}. Let LogMeets Recorder recover it first (restart the app), then record again.</source>
        <translation>{path} にクラッシュジャーナルがすでにあります。先に LogMeets レコーダーで復元してから（アプリを再起動してください）、録音し直してください。</translation>
    </message>
    <message>
        <source>A key store entry ({name}) cannot be used: {reason}. Contact your IT support.</source>
        <translation>キーストアの項目（{name}）を使えません: {reason}。IT サポートに連絡してください。</translation>
    </message>
    <message>
        <source>The system key store is locked. Unlock it (it usually opens with your login password) and try again.</source>
        <translation>システムのキーストアがロックされています。ロックを解除して（通常はログインパスワードで開きます）、もう一度お試しください。</translation>
    </message>
    <message>
        <source>The system key store did not answer within {timeout} seconds. Unlock your keyring (or sign in to your desktop session) and try again.</source>
        <translation>システムのキーストアが {timeout} 秒以内に応答しませんでした。キーリングのロックを解除する（またはデスクトップにログインする）と、もう一度お試しいただけます。</translation>
    </message>
    <message>
        <source>The system key store is not working ({reason}). Make sure it is running and unlocked, then try again.</source>
        <translation>システムのキーストアが動作していません（{reason}）。起動していてロックが解除されていることを確認してから、もう一度お試しください。</translation>
    </message>
    <message>
        <source>A recorded chunk was damaged on this computer and has been put aside (quarantined) instead of being uploaded. Run logmeets verify for details.</source>
        <translation>このコンピューター上で録音のチャンクが破損していたため、アップロードせずに隔離しました。詳しくは logmeets verify を実行してください。</translation>
    </message>
    <message>
        <source>No microphone was found. Connect a microphone (or headset), check that the sound system is running and that LogMeets may use the microphone, then try again.</source>
        <translation>マイクが見つかりません。マイク（またはヘッドセット）を接続し、サウンドシステムが動作していて LogMeets がマイクを使えることを確認してから、もう一度お試しください。</translation>
    </message>
    <message>
        <source>There is no key to encrypt the recording to. Sign in again or ask your IT support to configure the organisation&apos;s recipient.</source>
        <translation>録音を暗号化するための鍵がありません。もう一度サインインするか、組織の受信者キーの設定を IT サポートに依頼してください。</translation>
    </message>
    <message>
        <source>No secure key store is available ({backend}), so LogMeets Recorder cannot protect recordings and will not record. To fix it: {hint}.</source>
        <translation>安全なキーストアが使えない（{backend}）ため、LogMeets レコーダーは録音を保護できず、録音を行いません。対処方法: {hint}。</translation>
    </message>
    <message>
        <source>No server is configured. Sign in first (logmeets login --server URL --user NAME), or set tus_endpoint in config.toml.</source>
        <translation>サーバーが設定されていません。先にサインインする（logmeets login --server URL --user NAME）か、config.toml に tus_endpoint を設定してください。</translation>
    </message>
    <message>
        <source>The server did not confirm a chunk after several tries. It is kept on this computer and will be sent again later.</source>
        <translation>何度か試してもサーバーがチャンクの受領を確認しませんでした。チャンクはこのコンピューターに保存され、後でもう一度送信されます。</translation>
    </message>
    <message>
        <source>No audio of recording {recording_id} is left on this computer (it was uploaded and erased, or set aside as damaged). Download it from the LogMeets service instead.</source>
        <translation>録音 {recording_id} の音声はこのコンピューターに残っていません（アップロード後に消去されたか、破損のため隔離されました）。LogMeets のサービスからダウンロードしてください。</translation>
    </message>
    <message>
        <source>The server cannot be reached. Check your network connection; recordings are kept on this computer and upload automatically when the server is reachable again.</source>
        <translation>サーバーに接続できません。ネットワーク接続を確認してください。録音はこのコンピューターに保存され、サーバーに接続できるようになると自動的にアップロードされます。</translation>
    </message>
    <message>
        <source>The local recording store failed. Restart LogMeets Recorder; if it happens again, contact your IT support. Nothing recorded has been deleted.</source>
        <translation>録音を保存する仕組みでエラーが起きました。LogMeets レコーダーを再起動してください。再び起きる場合は IT サポートに連絡してください。録音したものは何も削除されていません。</translation>
    </message>
    <message>
        <source>The server answered in a way LogMeets does not understand ({message}). Uploading will be retried; if this keeps happening, contact your IT support.</source>
        <translation>サーバーから LogMeets が理解できない応答がありました（{message}）。アップロードは再試行されます。繰り返し起きる場合は IT サポートに連絡してください。</translation>
    </message>
    <message>
        <source>This command only reads the data folder {path} and cannot change it. Close other LogMeets windows and use the app (or `logmeets record` / `logmeets sync`) instead.</source>
        <translation>このコマンドはデータフォルダー {path} を読み取るだけで、変更はできません。ほかの LogMeets のウィンドウを閉じて、アプリ（または `logmeets record` / `logmeets sync`）を使ってください。</translation>
    </message>
    <message>
        <source>The server no longer confirms a chunk it had accepted. The chunk is kept on this computer; contact your IT support.</source>
        <translation>サーバーが、一度受け付けたチャンクの受領を確認しなくなりました。チャンクはこのコンピューターに保存されています。IT サポートに連絡してください。</translation>
    </message>
    <message>
        <source>The server&apos;s copy of chunk {chunk_id} differs from the one on this computer ({actual_size} bytes received, {expected_size} sent). The local copy is kept and will be uploaded again.</source>
        <translation>サーバー上のチャンク {chunk_id} がこのコンピューターのものと一致しません（受信 {actual_size} バイト、送信 {expected_size} バイト）。このコンピューターのコピーは残し、もう一度アップロードします。</translation>
    </message>
    <message>
        <source>A block of audio was too large to journal ({size} bytes, limit {limit}). Choose a lower sample rate or fewer channels.</source>
        <translation>音声のブロックが大きすぎてジャーナルに書けませんでした（{size} バイト、上限 {limit}）。サンプリングレートを下げるか、チャンネル数を減らしてください。</translation>
    </message>
    <message>
        <source>Recording {recording_id} is already {state}; no audio can be added to it. Start a new recording.</source>
        <translation>録音 {recording_id} はすでに {state} の状態のため、音声を追加できません。新しい録音を開始してください。</translation>
    </message>
    <message>
        <source>The key of recording {recording_id} is no longer on this computer (it was erased after upload). The organisation&apos;s copy is not affected.</source>
        <translation>録音 {recording_id} の鍵はもうこのコンピューターにありません（アップロード後に消去されました）。組織側のコピーには影響ありません。</translation>
    </message>
    <message>
        <source>A crash journal could not be turned into a recording ({detail}); it was kept as {path} for your IT support. Other recordings are not affected.</source>
        <translation>クラッシュジャーナルを録音に復元できませんでした（{detail}）。IT サポートのために {path} として残してあります。ほかの録音には影響ありません。</translation>
    </message>
    <message>
        <source>A recording chunk could not be encrypted ({reason}). Recording has stopped; restart LogMeets Recorder.</source>
        <translation>録音のチャンクを暗号化できませんでした（{reason}）。録音は停止しました。LogMeets レコーダーを再起動してください。</translation>
    </message>
    <message>
        <source>Your account signed in on another device, so uploading from this computer stopped. Nothing was deleted: sign in again here to continue uploading.</source>
        <translation>このアカウントで別のデバイスからサインインがあったため、このコンピューターからのアップロードを停止しました。何も削除されていません。アップロードを続けるには、ここでもう一度サインインしてください。</translation>
    </message>
    <message>
        <source>{message}</source>
        <translation>{message}</translation>
    </message>
    <message>
        <source>Recording {recording_id} cannot be forgotten: only a stopped recording with damaged parts and no part still waiting to upload can be. Let it finish uploading, then try again.</source>
        <translation>録音 {recording_id} は破棄できません。破棄できるのは、停止済みで破損したパートがあり、アップロード待ちのパートが残っていない録音だけです。アップロードが終わるのを待ってから、もう一度お試しください。</translation>
    </message>
    <message>
        <source>Uploading was stopped. It resumes where it stopped next time.</source>
        <translation>アップロードを停止しました。次回、中断したところから再開します。</translation>
    </message>
    <message>
        <source>{pending} chunk(s) could not be uploaded yet ({reason}). They are kept on this computer; run logmeets sync again later.</source>
        <translation>{pending} 個のチャンクをまだアップロードできていません（{reason}）。これらはこのコンピューターに保存されています。後でもう一度 logmeets sync を実行してください。</translation>
    </message>
    <message>
        <source>The server did not answer in time. Uploading will be retried automatically; your recordings are kept on this computer.</source>
        <translation>サーバーが時間内に応答しませんでした。アップロードは自動的に再試行されます。録音はこのコンピューターに保存されています。</translation>
    </message>
    <message>
        <source>The server&apos;s key does not match the key pinned in your settings, so nothing was sent. This can mean the connection is being intercepted: contact your IT support before changing the pin.</source>
        <translation>サーバーの鍵が設定で固定（ピン留め）された鍵と一致しないため、何も送信していません。通信が傍受されている可能性があります。ピンを変更する前に IT サポートに連絡してください。</translation>
    </message>
    <message>
        <source>The server&apos;s certificate is not trusted, so nothing was sent. If your organisation uses its own certificate authority, sign in again with its CA file (logmeets login --ca-file F), or ask your IT support.</source>
        <translation>サーバーの証明書が信頼されていないため、何も送信していません。組織が独自の認証局を使っている場合は、その CA ファイルを指定してもう一度サインインする（logmeets login --ca-file F）か、IT サポートに相談してください。</translation>
    </message>
    <message>
        <source>Something went wrong that LogMeets did not expect. Nothing recorded has been deleted. Details are in the log file {log_path}; please send it to your IT support.</source>
        <translation>LogMeets で予期しない問題が起きました。録音したものは何も削除されていません。詳細はログファイル {log_path} にあります。IT サポートに送ってください。</translation>
    </message>
    <message>
        <source>There is no chunk {chunk_id} on this computer. `logmeets list` shows the chunks that are.</source>
        <translation>このコンピューターにチャンク {chunk_id} はありません。あるチャンクは `logmeets list` で確認できます。</translation>
    </message>
    <message>
        <source>There is no recording {recording_id} on this computer. `logmeets list` shows the recordings that are.</source>
        <translation>このコンピューターに録音 {recording_id} はありません。ある録音は `logmeets list` で確認できます。</translation>
    </message>
    <message>
        <source>Uploading failed ({message}). Your recordings are kept on this computer and will be sent later.</source>
        <translation>アップロードに失敗しました（{message}）。録音はこのコンピューターに保存され、後で送信されます。</translation>
    </message>
    <message>
        <source>The server discarded an unfinished upload; it is being sent again.</source>
        <translation>サーバーが未完了のアップロードを破棄したため、もう一度送信しています。</translation>
    </message>
    <message>
        <source>A chunk of {size} bytes is larger than the server accepts ({max_size} bytes). Record with shorter chunks (chunk_seconds) or ask your IT support to raise the limit.</source>
        <translation>{size} バイトのチャンクは、サーバーが受け付ける大きさ（{max_size} バイト）を超えています。チャンクを短くして（chunk_seconds）録音するか、上限を上げるよう IT サポートに依頼してください。</translation>
    </message>
    <message>
        <source>the chunk cannot be decrypted (it is damaged). Restore it from a backup of the data folder, or contact your IT support, who can try with the organisation&apos;s key.</source>
        <translation>チャンクを復号できません（破損しています）。データフォルダーのバックアップから復元するか、組織の鍵で復号を試せる IT サポートに連絡してください。</translation>
    </message>
    <message>
        <source>the chunk&apos;s file is missing. If you have a backup of the data folder, restore it from there; otherwise this part of the recording is lost locally.</source>
        <translation>チャンクのファイルがありません。データフォルダーのバックアップがあればそこから復元してください。ない場合、録音のこの部分はこのコンピューターからは失われています。</translation>
    </message>
    <message>
        <source>Chunk {index} of recording {recording_id} was saved for another place ({reason}): the recording&apos;s files were moved or replaced, so no file was exported. Run `logmeets verify` to set such chunks aside, export again, and tell your IT support.</source>
        <translation>録音 {recording_id} のチャンク {index} は別の位置のために保存されたものです（{reason}）。録音のファイルが移動または置き換えられているため、ファイルは書き出していません。`logmeets verify` を実行してそのようなチャンクを隔離してから、もう一度書き出し、IT サポートに連絡してください。</translation>
    </message>
    <message>
        <source>The recordings index names a file outside LogMeets&apos; chunk folder for recording {recording_id} ({reason}). LogMeets did not read or delete that file and set the entry aside. The index may have been edited: leave the data folder as it is and contact your IT support.</source>
        <translation>録音の索引が、録音 {recording_id} について LogMeets のチャンクフォルダーの外にあるファイルを指しています（{reason}）。LogMeets はそのファイルを読み込みも削除もせず、この項目を隔離しました。索引が書き換えられた可能性があります。データフォルダーはそのままにして、IT サポートに連絡してください。</translation>
    </message>
    <message>
        <source>Chunk {chunk_id} could not be sealed to your organisation&apos;s key ({reason}), so it was not uploaded and is kept on this computer. Run logmeets verify, and contact your IT support if this stays.</source>
        <translation>チャンク {chunk_id} を組織の鍵で暗号化し直せなかった（{reason}）ため、アップロードせずにこのコンピューターに保存しています。logmeets verify を実行し、解消しない場合は IT サポートに連絡してください。</translation>
    </message>
    <message>
        <source>the chunk&apos;s file was changed or damaged after it was saved. Restore it from a backup of the data folder if you have one; contact your IT support otherwise.</source>
        <translation>チャンクのファイルが保存後に変更されたか破損しています。データフォルダーのバックアップがあれば復元し、なければ IT サポートに連絡してください。</translation>
    </message>
    <message>
        <source>the recording&apos;s key is no longer in the system key store, so this chunk cannot be opened on this computer. Restore the key store from a backup, or contact your IT support.</source>
        <translation>録音の鍵がシステムのキーストアにもうないため、このコンピューターではこのチャンクを開けません。キーストアをバックアップから復元するか、IT サポートに連絡してください。</translation>
    </message>
    <message>
        <source>the chunk decrypts but is not valid audio. Contact your IT support.</source>
        <translation>チャンクは復号できますが、有効な音声ではありません。IT サポートに連絡してください。</translation>
    </message>
    <message>
        <source>the chunk was saved for another place in this or another recording ({detail}): its file was moved, copied or swapped. It is set aside; leave the data folder as it is and tell your IT support.</source>
        <translation>このチャンクは、この録音または別の録音の別の位置のために保存されたものです（{detail}）。ファイルが移動、コピー、または入れ替えられています。チャンクは隔離しました。データフォルダーはそのままにして、IT サポートに連絡してください。</translation>
    </message>
    <message>
        <source>the recordings index names a file outside LogMeets&apos; chunk folder for this chunk ({detail}). That file was not read or deleted, and the chunk is set aside. The index may have been edited: leave the data folder as it is and contact your IT support.</source>
        <translation>録音の索引が、このチャンクについて LogMeets のチャンクフォルダーの外にあるファイルを指しています（{detail}）。そのファイルは読み込みも削除もしておらず、チャンクは隔離されています。索引が書き換えられた可能性があります。データフォルダーはそのままにして、IT サポートに連絡してください。</translation>
    </message>
    <message>
        <source>the chunk was set aside earlier ({detail}). It is kept, and will not be uploaded or deleted; contact your IT support.</source>
        <translation>このチャンクは以前に隔離されています（{detail}）。保存されたままで、アップロードも削除もされません。IT サポートに連絡してください。</translation>
    </message>
    <message>
        <source>LogMeets could not write the {what} ({detail}) and stopped recording. Everything saved before is intact; run `logmeets recover` after fixing the problem.</source>
        <translation>LogMeets は {what} を書き込めなかったため（{detail}）、録音を停止しました。それまでに保存したものはすべて無事です。問題を解決してから `logmeets recover` を実行してください。</translation>
    </message>
    <message>
        <source>The audit log {path} cannot be checked: its key is no longer in this computer&apos;s key store (it was deleted, or the key store was reset). The log itself may be intact; do not delete it. Restore the key store from a backup, or contact your IT support.</source>
        <translation>監査ログ {path} を検査できません。その鍵がこのコンピューターのキーストアにもうありません（削除されたか、キーストアがリセットされました）。ログ自体は無傷の可能性があるため、削除しないでください。キーストアをバックアップから復元するか、IT サポートに連絡してください。</translation>
    </message>
    <message>
        <source>Entries were removed from the end of the audit log, or an older copy of it was put back. Leave the data folder as it is and tell your IT support.</source>
        <translation>監査ログの末尾の記録が削除されたか、古いコピーに戻されています。データフォルダーはそのままにして、IT サポートに連絡してください。</translation>
    </message>
    <message>
        <source>The key store holds no record of where the audit log ends (the log was last written by an older version, or the record was deleted), so a cut at the end cannot be ruled out. The next entry records it again; if this stays, tell your IT support.</source>
        <translation>監査ログの終わりの位置がキーストアに記録されていません（ログを最後に書いたのが古いバージョンだったか、その記録が削除されました）。そのため、末尾が削られていないとは言い切れません。次の記録で改めて保存されます。この表示が続く場合は IT サポートに連絡してください。</translation>
    </message>
    <message>
        <source>The audit log does not match the key store&apos;s record of it: it was replaced by another copy, or the record was damaged. Leave the data folder as it is and tell your IT support.</source>
        <translation>監査ログがキーストアの記録と一致しません。別のコピーに置き換えられたか、記録が壊れています。データフォルダーはそのままにして、IT サポートに連絡してください。</translation>
    </message>
    <message>
        <source>Something went wrong (code: {code}). Try again; if it keeps happening, send the log file to your administrator.</source>
        <extracomment>Shown by the GUI for a code without a text, so that a Japanese window never shows the English developer message of an error.</extracomment>
        <translation>問題が発生しました（コード: {code}）。もう一度お試しください。繰り返し起きる場合は、ログファイルを管理者に送ってください。</translation>
    </message>
    <message>
        <source>Update required: the server no longer accepts this version of LogMeets. Recording goes on and every recording is kept on this computer; update LogMeets (Restart to update, or logmeets update apply) and uploading resumes.</source>
        <translation>更新が必要です。サーバーはこのバージョンの LogMeets を受け付けなくなりました。録音は続けられ、録音はすべてこのコンピューターに保管されます。LogMeets を更新する（「再起動して更新」または logmeets update apply）と、アップロードが再開します。</translation>
    </message>
    <message>
        <source>The update could not be completed ({reason}). The installed version keeps running; LogMeets tries again at the next check.</source>
        <translation>更新を完了できませんでした（{reason}）。インストール済みのバージョンはそのまま動作します。次の確認時にもう一度試します。</translation>
    </message>
    <message>
        <source>Updates are not set up in this copy of LogMeets (no update address or no trusted root). Ask your IT support how new versions are installed.</source>
        <translation>この LogMeets では更新が設定されていません（更新先のアドレスか、信頼するルートがありません）。新しいバージョンの入れ方は IT サポートに確認してください。</translation>
    </message>
    <message>
        <source>Updates are turned off in the settings (the setting updates is off). Your IT support installs new versions.</source>
        <translation>設定で更新がオフになっています（updates の設定が off）。新しいバージョンは IT サポートがインストールします。</translation>
    </message>
    <message>
        <source>The update server offered {role} metadata that is not signed by the keys LogMeets trusts, so the update was refused and the installed version keeps running. Someone may be tampering with the update server or the connection: tell your IT support.</source>
        <translation>更新サーバーが、LogMeets の信頼する鍵で署名されていない {role} メタデータを送ってきたため、更新を拒否しました。インストール済みのバージョンはそのまま動作します。更新サーバーか通信が改ざんされている可能性があります。IT サポートに連絡してください。</translation>
    </message>
    <message>
        <source>The update server offered {role} metadata older than what this computer has already seen (a rollback), so it was refused and the installed version keeps running. Tell your IT support if this happens again.</source>
        <translation>更新サーバーが、このコンピューターで既に確認したものより古い {role} メタデータを送ってきた（ロールバック）ため、拒否しました。インストール済みのバージョンはそのまま動作します。再び起きた場合は IT サポートに連絡してください。</translation>
    </message>
    <message>
        <source>The update server&apos;s {role} metadata has expired, so LogMeets cannot tell whether a newer version exists (a freeze). The update was refused and the installed version keeps running; tell your IT support if this lasts more than a day.</source>
        <translation>更新サーバーの {role} メタデータの有効期限が切れているため、新しいバージョンがあるかどうか判断できません（フリーズ）。更新を拒否し、インストール済みのバージョンはそのまま動作します。1 日以上続く場合は IT サポートに連絡してください。</translation>
    </message>
    <message>
        <source>The update server&apos;s {role} metadata does not match the rest of its metadata, so the update was refused and the installed version keeps running. Try again later, and tell your IT support if this happens again.</source>
        <translation>更新サーバーの {role} メタデータがほかのメタデータと一致しないため、更新を拒否しました。インストール済みのバージョンはそのまま動作します。しばらくしてからもう一度試し、再び起きた場合は IT サポートに連絡してください。</translation>
    </message>
    <message>
        <source>The downloaded update {target} does not match its signed size and hash, so it was discarded and the installed version keeps running. Try again later, and tell your IT support if this happens again.</source>
        <translation>ダウンロードした更新 {target} が署名されたサイズとハッシュに一致しないため、破棄しました。インストール済みのバージョンはそのまま動作します。しばらくしてからもう一度試し、再び起きた場合は IT サポートに連絡してください。</translation>
    </message>
    <message>
        <source>The update server sent more data for {what} than allowed, so the download was stopped and the installed version keeps running. Tell your IT support if this happens again.</source>
        <translation>更新サーバーが {what} について上限を超えるデータを送ってきたため、ダウンロードを止めました。インストール済みのバージョンはそのまま動作します。再び起きた場合は IT サポートに連絡してください。</translation>
    </message>
    <message>
        <source>The update server answered with HTTP status {status}. Check the update address (update_url) or try again later; the installed version keeps running.</source>
        <translation>更新サーバーが HTTP ステータス {status} を返しました。更新先のアドレス（update_url）を確認するか、しばらくしてからもう一度試してください。インストール済みのバージョンはそのまま動作します。</translation>
    </message>
    <message>
        <source>LogMeets is installed in {path}, which this account may not change. A system-wide installation is updated by the system&apos;s package manager (apt on Linux) or by your IT support.</source>
        <translation>LogMeets は {path} にインストールされていますが、このアカウントでは変更できません。システム全体へのインストールは、システムのパッケージマネージャー（Linux では apt）または IT サポートが更新します。</translation>
    </message>
    <message>
        <source>LogMeets is up to date: there is no newer version to apply.</source>
        <translation>LogMeets は最新です。適用する新しいバージョンはありません。</translation>
    </message>
    <message>
        <source>LogMeets is running on {path} (it may be recording), so nothing was changed. The update is applied when LogMeets next starts; or close LogMeets and run `logmeets update apply` again.</source>
        <translation>LogMeets が {path} で動作中（録音中の可能性があります）のため、何も変更していません。更新は LogMeets の次回起動時に適用されます。または LogMeets を終了してから `logmeets update apply` をもう一度実行してください。</translation>
    </message>
    <message>
        <source>The downloaded update in {path} is damaged ({reason}). It is downloaded again at the next check; the installed version keeps running.</source>
        <translation>{path} にダウンロードした更新が壊れています（{reason}）。次の確認時にもう一度ダウンロードします。インストール済みのバージョンはそのまま動作します。</translation>
    </message>
    <message>
        <source>{path} already exists; the release repository was not changed.</source>
        <translation>{path} は既に存在します。リリース用リポジトリは変更していません。</translation>
    </message>
    <message>
        <source>Version {version} is not newer than the latest published version {latest}; publish a higher version number.</source>
        <translation>バージョン {version} は公開済みの最新バージョン {latest} より新しくありません。より大きいバージョン番号で公開してください。</translation>
    </message>
    <message>
        <source>A key of the {role} role is missing from {path}. Mount the folder that holds it (LOGMEETS_RELEASE_KEYS, LOGMEETS_RELEASE_OFFLINE_KEYS) and try again.</source>
        <translation>{role} ロールの鍵が {path} にありません。その鍵のあるフォルダー（LOGMEETS_RELEASE_KEYS、LOGMEETS_RELEASE_OFFLINE_KEYS）をマウントしてもう一度実行してください。</translation>
    </message>
    <message>
        <source>LogMeets Recorder could not change whether it starts when you log in ({where}: {reason}). Recording and uploading are not affected. Check that you may write there, or turn the setting off in Settings › General.</source>
        <translation>LogMeets レコーダーは、ログイン時に起動するかどうかの設定を変更できませんでした（{where}: {reason}）。録音とアップロードには影響ありません。そこへの書き込み権限を確認するか、「設定」›「全般」でこの設定をオフにしてください。</translation>
    </message>
    <message>
        <source>No proxy is in use for your server, so there is nothing to sign in to. Name the proxy (logmeets proxy login --proxy HOST:PORT) or set one in Settings &gt; Proxy.</source>
        <translation>サーバーへの接続にプロキシを使っていないため、サインインする相手がありません。プロキシを指定する（logmeets proxy login --proxy HOST:PORT）か、［設定］&gt;［プロキシ］で設定してください。</translation>
    </message>
    <message>
        <source>The proxy configuration file (PAC) {url} did not answer within {seconds} seconds and was stopped. Ask your IT support to fix it, or choose another proxy setting in Settings &gt; Proxy.</source>
        <translation>プロキシ設定ファイル（PAC）{url} が {seconds} 秒以内に応答しなかったため停止しました。修正を IT サポートに依頼するか、［設定］&gt;［プロキシ］で別のプロキシ設定を選んでください。</translation>
    </message>
    <message>
        <source>The proxy configuration file (PAC) {url} is not a working script. Ask your IT support to fix it, or choose another proxy setting in Settings &gt; Proxy.</source>
        <translation>プロキシ設定ファイル（PAC）{url} は動作するスクリプトではありません。修正を IT サポートに依頼するか、［設定］&gt;［プロキシ］で別のプロキシ設定を選んでください。</translation>
    </message>
    <message>
        <source>The proxy configuration file (PAC) {url} cannot be downloaded. Check its address in Settings &gt; Proxy, or ask your IT support; recordings are kept on this computer.</source>
        <translation>プロキシ設定ファイル（PAC）{url} をダウンロードできません。［設定］&gt;［プロキシ］でアドレスを確認するか、IT サポートに問い合わせてください。録音はこのコンピューターに保存されています。</translation>
    </message>
    <message>
        <source>The proxy {proxy} asks for a user name and password. Sign in to it (in the window, or logmeets proxy login); your recordings are kept on this computer until then.</source>
        <translation>プロキシ {proxy} がユーザー名とパスワードを求めています。プロキシにサインインしてください（ウィンドウから、または logmeets proxy login）。それまで録音はこのコンピューターに保存されます。</translation>
    </message>
    <message>
        <source>Recording {recording_id} is {state}: only a recording that is uploaded and erased from this computer can be removed from the history. Wait until it is uploaded.</source>
        <translation>録音 {recording_id} は {state} の状態です。履歴から削除できるのは、アップロードが済んでこのコンピューターから消去された録音だけです。アップロードが終わるまでお待ちください。</translation>
    </message>
    <message>
        <source>The history of uploaded recordings ({path}) cannot be read ({reason}). Their titles are not shown; recording and uploading work as before. If the keyring was reset, the history starts again with the next upload.</source>
        <translation>アップロード済みの録音の履歴 ({path}) を読み取れません ({reason})。それらのタイトルは表示されませんが、録音とアップロードはこれまでどおり動作します。キーリングがリセットされた場合は、次のアップロードから履歴が新しく始まります。</translation>
    </message>
</context>
<context>
    <name>NetworkPage</name>
    <message>
        <source>Network</source>
        <translation>ネットワーク</translation>
    </message>
    <message>
        <source>Upload limit:</source>
        <translation>アップロード速度の上限:</translation>
    </message>
    <message>
        <source>Upload limit</source>
        <translation>アップロード速度の上限</translation>
    </message>
    <message>
        <source>No limit</source>
        <translation>制限なし</translation>
    </message>
    <message>
        <source> kbit/s</source>
        <translation> kbit/s</translation>
    </message>
    <message>
        <source>Limit uploads so that video calls keep enough bandwidth.</source>
        <translation>ビデオ会議に十分な帯域が残るよう、アップロード速度を制限します。</translation>
    </message>
    <message>
        <source>Upload limit help</source>
        <translation>アップロード速度の上限の説明</translation>
    </message>
    <message>
        <source>Server:</source>
        <translation>サーバー:</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>サーバー</translation>
    </message>
    <message>
        <source>Not signed in</source>
        <translation>サインインしていません</translation>
    </message>
</context>
<context>
    <name>Prompts</name>
    <message>
        <source>Recording in progress</source>
        <translation>録音中です</translation>
    </message>
    <message>
        <source>Stop and quit</source>
        <translation>停止して終了</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>キャンセル</translation>
    </message>
    <message>
        <source>Uploads pending</source>
        <translation>未アップロードの録音があります</translation>
    </message>
    <message>
        <source>{n} part(s) of your recordings are not uploaded yet. They stay encrypted on this computer, and uploading resumes the next time you start LogMeets Recorder.</source>
        <translation>まだアップロードされていない録音のパートが {n} 個あります。これらは暗号化されたままこのコンピューターに保存され、次に LogMeets レコーダーを起動したときにアップロードが再開されます。</translation>
    </message>
    <message>
        <source>Export to FLAC</source>
        <translation>FLAC に書き出し</translation>
    </message>
    <message>
        <source>FLAC audio (*.flac)</source>
        <translation>FLAC オーディオ (*.flac)</translation>
    </message>
    <message>
        <source>Forget recording</source>
        <translation>録音を破棄</translation>
    </message>
    <message>
        <source>“{title}” has {n} damaged part(s) that can never be uploaded. Forgetting it erases its key from this computer: nothing of it can be read here any more. The copy on your organisation&apos;s server is not affected.

This does not export anything: to keep what is still readable, cancel and choose Export to FLAC… first.</source>
        <translation>「{title}」には、アップロードできない破損したパートが {n} 個あります。破棄すると、この録音の鍵がこのコンピューターから消去され、ここでは録音を一切読めなくなります。組織のサーバー上のコピーには影響ありません。

この操作では何も書き出されません。まだ読める部分を残すには、キャンセルして先に「FLAC に書き出し…」を選んでください。</translation>
    </message>
    <message>
        <source>A recording is running. Quitting stops and saves it; what is not uploaded yet stays encrypted on this computer and is uploaded the next time you start LogMeets Recorder.</source>
        <translation>録音中です。終了すると録音を停止して保存します。まだアップロードされていない分は暗号化されたままこのコンピューターに残り、次に LogMeets レコーダーを起動したときにアップロードされます。</translation>
    </message>
    <message>
        <source>Remove “{title}” from this computer&apos;s history? Its title, time and markers are deleted here for good. The copy on your organisation&apos;s server is not affected.</source>
        <translation>「{title}」をこのコンピューターの履歴から削除しますか？タイトル、日時、マーカーはこのコンピューターから完全に削除されます。組織のサーバー上のコピーには影響しません。</translation>
    </message>
    <message>
        <source>Remove from history</source>
        <translation>履歴から削除</translation>
    </message>
</context>
<context>
    <name>ProxyPage</name>
    <message>
        <source>Proxy</source>
        <translation>プロキシ</translation>
    </message>
    <message>
        <source>Sign in first: there is no server to test against.</source>
        <translation>先にサインインしてください。テストする接続先のサーバーがありません。</translation>
    </message>
    <message>
        <source>Testing…</source>
        <translation>テスト中…</translation>
    </message>
    <message>
        <source>directly</source>
        <translation>直接</translation>
    </message>
    <message>
        <source>The server answered (HTTP {status}), reached {route}.</source>
        <translation>サーバーが応答しました（HTTP {status}）。経路: {route}</translation>
    </message>
    <message>
        <source>Proxy:</source>
        <translation>プロキシ:</translation>
    </message>
    <message>
        <source>Use the system&apos;s settings</source>
        <translation>システムの設定を使う</translation>
    </message>
    <message>
        <source>Automatic configuration file (PAC)</source>
        <translation>自動構成ファイル（PAC）</translation>
    </message>
    <message>
        <source>This proxy</source>
        <translation>次のプロキシ</translation>
    </message>
    <message>
        <source>No proxy</source>
        <translation>プロキシを使わない</translation>
    </message>
    <message>
        <source>PAC address:</source>
        <translation>PAC のアドレス:</translation>
    </message>
    <message>
        <source>PAC address</source>
        <translation>PAC のアドレス</translation>
    </message>
    <message>
        <source>Proxy host:port:</source>
        <translation>プロキシのホスト:ポート:</translation>
    </message>
    <message>
        <source>Proxy host and port</source>
        <translation>プロキシのホストとポート</translation>
    </message>
    <message>
        <source>host:port, e.g. proxy.example.com:3128</source>
        <translation>ホスト名:ポート番号（例: 192.0.2.10:3128）</translation>
    </message>
    <message>
        <source>Test</source>
        <translation>テスト</translation>
    </message>
    <message>
        <source>Test the proxy</source>
        <translation>プロキシをテスト</translation>
    </message>
    <message>
        <source>Proxy test result</source>
        <translation>プロキシのテスト結果</translation>
    </message>
    <message>
        <source>Uploads and updates use the same proxy. The server&apos;s certificate is still checked through the proxy; a proxy that asks for a password is signed in to when it first asks.</source>
        <translation>アップロードと更新は同じプロキシを使います。プロキシ経由でもサーバーの証明書は確認されます。パスワードを求めるプロキシには、最初に求められたときにサインインします。</translation>
    </message>
    <message>
        <source>Proxy help</source>
        <translation>プロキシの説明</translation>
    </message>
</context>
<context>
    <name>ProxySignInDialog</name>
    <message>
        <source>Enter the user name and the password for the proxy.</source>
        <translation>プロキシのユーザー名とパスワードを入力してください。</translation>
    </message>
    <message>
        <source>Sign in to the proxy</source>
        <translation>プロキシにサインイン</translation>
    </message>
    <message>
        <source>The proxy {proxy} of your network asks for a user name and password before LogMeets can upload. They are kept in your system&apos;s key store.</source>
        <translation>ネットワークのプロキシ {proxy} が、LogMeets がアップロードする前にユーザー名とパスワードを求めています。入力した情報はシステムのキーストアに保存されます。</translation>
    </message>
    <message>
        <source>&amp;User name:</source>
        <translation>ユーザー名(&amp;U):</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>パスワード(&amp;P):</translation>
    </message>
    <message>
        <source>Proxy user name</source>
        <translation>プロキシのユーザー名</translation>
    </message>
    <message>
        <source>Proxy password</source>
        <translation>プロキシのパスワード</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>エラー</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>サインイン</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>キャンセル</translation>
    </message>
</context>
<context>
    <name>RecordPanel</name>
    <message>
        <source>&amp;Microphone:</source>
        <translation>マイク(&amp;M):</translation>
    </message>
    <message>
        <source>Microphone</source>
        <translation>マイク</translation>
    </message>
    <message>
        <source>The input device to record from</source>
        <translation>録音に使う入力デバイス</translation>
    </message>
    <message>
        <source>Test microphone</source>
        <translation>マイクをテスト</translation>
    </message>
    <message>
        <source>Show the level of the chosen microphone without recording</source>
        <translation>録音せずに、選んだマイクの入力レベルを表示します</translation>
    </message>
    <message>
        <source>Microphone test level</source>
        <translation>マイクテストのレベル</translation>
    </message>
    <message>
        <source>Record computer audio (other participants)</source>
        <translation>コンピューターの音声を録音（他の参加者）</translation>
    </message>
    <message>
        <source>Also record what the computer plays (the other side of an online meeting) as a second channel beside the microphone. On macOS this needs the Screen and System Audio Recording permission.</source>
        <translation>コンピューターが再生する音声（オンライン会議の相手側）も、マイクと並ぶ 2 番目のチャンネルとして録音します。macOS では「画面とシステムオーディオの録音」の許可が必要です。</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>録音</translation>
    </message>
    <message>
        <source>Pause or resume</source>
        <translation>一時停止または再開</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Stop recording; everything recorded is kept</source>
        <translation>録音を停止します。録音した内容はすべて保存されます</translation>
    </message>
    <message>
        <source>Elapsed time</source>
        <translation>経過時間</translation>
    </message>
    <message>
        <source>Recording state</source>
        <translation>録音の状態</translation>
    </message>
    <message>
        <source>Input level</source>
        <translation>入力レベル</translation>
    </message>
    <message>
        <source>Input level: bar = average, line = peak, red lamp = clipping</source>
        <translation>入力レベル：バー＝平均、線＝ピーク、赤いランプ＝音割れ</translation>
    </message>
    <message>
        <source>&amp;Title:</source>
        <translation>タイトル(&amp;T):</translation>
    </message>
    <message>
        <source>Recording title</source>
        <translation>録音のタイトル</translation>
    </message>
    <message>
        <source>Name of the meeting</source>
        <translation>会議の名前</translation>
    </message>
    <message>
        <source>M&amp;arker:</source>
        <translation>マーカー(&amp;A):</translation>
    </message>
    <message>
        <source>Marker text</source>
        <translation>マーカーのテキスト</translation>
    </message>
    <message>
        <source>What is happening now (optional)</source>
        <translation>いま何が起きているか（任意）</translation>
    </message>
    <message>
        <source>Add marker</source>
        <translation>マーカーを追加</translation>
    </message>
    <message>
        <source>Mark this moment in the recording</source>
        <translation>録音のこの時点に印を付けます</translation>
    </message>
    <message>
        <source>Markers added</source>
        <translation>追加したマーカーの数</translation>
    </message>
    <message>
        <source>Free disk space</source>
        <translation>ディスクの空き容量</translation>
    </message>
    <message>
        <source>Dropped audio</source>
        <translation>欠落した音声</translation>
    </message>
    <message>
        <source>System default</source>
        <translation>システムの既定</translation>
    </message>
    <message>
        <source>No microphone found</source>
        <translation>マイクが見つかりません</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>再開</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>一時停止</translation>
    </message>
    <message>
        <source>Continue recording</source>
        <translation>録音を再開します</translation>
    </message>
    <message>
        <source>Pause without ending the recording</source>
        <translation>録音を終了せずに一時停止します</translation>
    </message>
    <message>
        <source>Start a new recording</source>
        <translation>新しい録音を開始します</translation>
    </message>
    <message>
        <source>Starting up…</source>
        <translation>起動しています…</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>準備完了</translation>
    </message>
    <message>
        <source>Opening the microphone…</source>
        <translation>マイクを開いています…</translation>
    </message>
    <message>
        <source>Recording</source>
        <translation>録音中</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>一時停止中</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>保存しています…</translation>
    </message>
    <message>
        <source>Free disk space: checking…</source>
        <translation>ディスクの空き容量を確認しています…</translation>
    </message>
    <message>
        <source>Disk space left for more than 99 hours of recording</source>
        <translation>ディスクの空き容量：99 時間以上録音できます</translation>
    </message>
    <message>
        <source>Disk space left for about {time} of recording</source>
        <translation>ディスクの空き容量：あと約 {time} 録音できます</translation>
    </message>
    <message>
        <source>Markers: {n}</source>
        <translation>マーカー: {n}</translation>
    </message>
    <message>
        <source>{m} min</source>
        <translation>{m} 分</translation>
    </message>
    <message>
        <source>{h} h {m} min</source>
        <translation>{h} 時間 {m} 分</translation>
    </message>
    <message>
        <source>Dropped audio blocks: {n}</source>
        <translation>欠落した音声ブロック: {n}</translation>
    </message>
</context>
<context>
    <name>RecordingsModel</name>
    <message>
        <source>Title</source>
        <extracomment>A recording&apos;s or chunk&apos;s length as the list shows it: H:MM:SS, or M:SS under an hour.</extracomment>
        <translation>タイトル</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日時</translation>
    </message>
    <message>
        <source>Length</source>
        <translation>長さ</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状態</translation>
    </message>
    <message>
        <source>Untitled recording</source>
        <translation>無題の録音</translation>
    </message>
    <message>
        <source>Uploaded recording</source>
        <translation>アップロード済みの録音</translation>
    </message>
    <message>
        <source>Its title and markers were removed from this computer after upload.</source>
        <translation>アップロード後、タイトルとマーカーはこのコンピューターから削除されました。</translation>
    </message>
    <message>
        <source>Part {n}</source>
        <translation>パート {n}</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>一時停止中</translation>
    </message>
    <message>
        <source>Recording</source>
        <translation>録音中</translation>
    </message>
    <message>
        <source>the file is damaged</source>
        <translation>ファイルが破損しています</translation>
    </message>
    <message>
        <source>Failed: {reason}</source>
        <translation>失敗: {reason}</translation>
    </message>
    <message>
        <source>This part cannot be uploaded. Keep the app open and contact your administrator; the other parts are not affected.</source>
        <translation>このパートはアップロードできません。アプリを開いたまま管理者に連絡してください。ほかのパートには影響ありません。</translation>
    </message>
    <message>
        <source>Waiting to retry</source>
        <translation>再試行を待っています</translation>
    </message>
    <message>
        <source>Last attempt failed: {reason}. It will be retried automatically.</source>
        <translation>前回の試行は失敗しました: {reason}。自動的に再試行します。</translation>
    </message>
    <message>
        <source>Waiting to upload</source>
        <translation>アップロード待ち</translation>
    </message>
    <message>
        <source>Uploading {percent} %</source>
        <translation>アップロード中 {percent}%</translation>
    </message>
    <message>
        <source>Sent, waiting for receipt</source>
        <translation>送信済み、受領確認待ち</translation>
    </message>
    <message>
        <source>The server has the data; the local copy is kept until it confirms it.</source>
        <translation>データはサーバーに届いています。サーバーが受領を確認するまで、このコンピューターのコピーは残しておきます。</translation>
    </message>
    <message>
        <source>Confirmed</source>
        <translation>受領確認済み</translation>
    </message>
    <message>
        <source>Confirmed, local copy erased</source>
        <translation>受領確認済み、このコンピューターから消去済み</translation>
    </message>
    <message>
        <source>The server confirmed this part; it was removed from this computer.</source>
        <translation>サーバーがこのパートの受領を確認したため、このコンピューターから削除しました。</translation>
    </message>
    <message>
        <source>The damaged parts can never be uploaded, and they keep this recording&apos;s key on this computer. Export to FLAC… keeps what is still readable; Forget… then erases the key.</source>
        <translation>破損したパートはアップロードできず、そのためこの録音の鍵がこのコンピューターに残り続けます。「FLAC に書き出し…」でまだ読める部分を保存し、そのあと「破棄…」で鍵を消去してください。</translation>
    </message>
    <message>
        <source>{n} part(s) failed</source>
        <translation>{n} 個のパートが失敗</translation>
    </message>
    <message>
        <source>No audio</source>
        <translation>音声なし</translation>
    </message>
    <message>
        <source>Uploaded, erased from this computer</source>
        <translation>アップロード済み、このコンピューターから消去済み</translation>
    </message>
    <message>
        <source>All parts confirmed</source>
        <translation>全パート受領確認済み</translation>
    </message>
    <message>
        <source>Uploaded and erased from this computer; its title and markers are kept in the encrypted history.</source>
        <translation>アップロード済みで、このコンピューターからは消去されています。タイトルとマーカーは暗号化された履歴に保存されています。</translation>
    </message>
</context>
<context>
    <name>RecordingsView</name>
    <message>
        <source>Recordings</source>
        <translation>録音一覧</translation>
    </message>
    <message>
        <source>Your recordings and the upload state of each part</source>
        <translation>録音と、各パートのアップロード状態</translation>
    </message>
    <message>
        <source>Export to FLAC…</source>
        <translation>FLAC に書き出し…</translation>
    </message>
    <message>
        <source>Every part was uploaded and erased from this computer.</source>
        <translation>すべてのパートがアップロードされ、このコンピューターから消去されています。</translation>
    </message>
    <message>
        <source>Forget…</source>
        <translation>破棄…</translation>
    </message>
    <message>
        <source>Only a recording with damaged parts can be forgotten.</source>
        <translation>破棄できるのは、破損したパートがある録音だけです。</translation>
    </message>
    <message>
        <source>No recordings yet: press Record</source>
        <translation>まだ録音はありません。「録音」を押して始めてください</translation>
    </message>
    <message>
        <source>Remove from history…</source>
        <translation>履歴から削除…</translation>
    </message>
    <message>
        <source>The server has no page for this recording.</source>
        <translation>サーバーにはこの録音のページがありません。</translation>
    </message>
    <message>
        <source>Open in LogMeets</source>
        <translation>LogMeets で開く</translation>
    </message>
</context>
<context>
    <name>Reminders</name>
    <message>
        <source>Untitled recording</source>
        <extracomment>Uploads finished and &quot;all uploaded&quot; arriving within this long are told as one notification.</extracomment>
        <translation>無題の録音</translation>
    </message>
    <message>
        <source>“{title}” has been recording for {minutes} min. If the meeting is over, stop it.</source>
        <translation>「{title}」は {minutes} 分間録音を続けています。会議が終わっている場合は録音を停止してください。</translation>
    </message>
    <message>
        <source>Still recording</source>
        <translation>録音を継続中</translation>
    </message>
    <message>
        <source>“{title}” has been uploaded.</source>
        <translation>「{title}」をアップロードしました。</translation>
    </message>
    <message>
        <source>{n} recordings have been uploaded: {titles}.</source>
        <translation>{n} 件の録音をアップロードしました: {titles}。</translation>
    </message>
    <message>
        <source>Every recording has reached the server and was confirmed.</source>
        <translation>すべての録音がサーバーに届き、受領が確認されました。</translation>
    </message>
    <message>
        <source>All recordings uploaded</source>
        <translation>すべての録音をアップロードしました</translation>
    </message>
    <message>
        <source>Recording uploaded</source>
        <translation>録音をアップロードしました</translation>
    </message>
    <message>
        <source>Your account was signed in on another device, so uploading has stopped. Your recordings are kept on this computer. Click here to sign in again.</source>
        <translation>このアカウントで別のデバイスからサインインがあったため、アップロードを停止しました。録音はこのコンピューターに保存されています。ここをクリックしてもう一度サインインしてください。</translation>
    </message>
    <message>
        <source>Sign in again</source>
        <translation>もう一度サインイン</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>設定</translation>
    </message>
    <message>
        <source>Settings pages</source>
        <translation>設定ページ</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>エラー</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>キャンセル</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <source>Locked: set by your administrator in {path}</source>
        <translation>変更不可：管理者が {path} で設定しています</translation>
    </message>
    <message>
        <source>Locked: {reason}</source>
        <translation>変更不可：{reason}</translation>
    </message>
    <message>
        <source>Why this setting is locked</source>
        <translation>この設定を変更できない理由</translation>
    </message>
</context>
<context>
    <name>SignInDialog</name>
    <message>
        <source>Sign in</source>
        <translation>サインイン</translation>
    </message>
    <message>
        <source>&amp;Server:</source>
        <translation>サーバー(&amp;S):</translation>
    </message>
    <message>
        <source>Server address</source>
        <translation>サーバーのアドレス</translation>
    </message>
    <message>
        <source>&amp;User:</source>
        <translation>ユーザー(&amp;U):</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>ユーザー名</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>パスワード(&amp;P):</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>パスワード</translation>
    </message>
    <message>
        <source>Advanced</source>
        <translation>詳細設定</translation>
    </message>
    <message>
        <source>Advanced settings</source>
        <translation>詳細設定</translation>
    </message>
    <message>
        <source>&amp;CA certificate:</source>
        <translation>CA 証明書(&amp;C):</translation>
    </message>
    <message>
        <source>CA certificate file</source>
        <translation>CA 証明書ファイル</translation>
    </message>
    <message>
        <source>A PEM file with your organisation&apos;s certificate authority</source>
        <translation>組織の認証局（CA）の証明書が入った PEM ファイル</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>参照…</translation>
    </message>
    <message>
        <source>Choose CA certificate file</source>
        <translation>CA 証明書ファイルを選ぶ</translation>
    </message>
    <message>
        <source>Signing in…</source>
        <translation>サインインしています…</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>進行状況</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>エラー</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>キャンセル</translation>
    </message>
    <message>
        <source>Locked: {reason}</source>
        <translation>変更不可：{reason}</translation>
    </message>
    <message>
        <source>Enter the server address, your user name and your password.</source>
        <translation>サーバーのアドレス、ユーザー名、パスワードを入力してください。</translation>
    </message>
    <message>
        <source>CA certificate</source>
        <translation>CA 証明書</translation>
    </message>
    <message>
        <source>Certificates (*.pem *.crt);;All files (*)</source>
        <translation>証明書 (*.pem *.crt);;すべてのファイル (*)</translation>
    </message>
    <message>
        <source>Locked</source>
        <translation>ロック中</translation>
    </message>
    <message>
        <source>Set by your administrator; ask them to change it.</source>
        <translation>管理者が設定しています。変更は管理者に依頼してください。</translation>
    </message>
</context>
<context>
    <name>SupersededBanner</name>
    <message>
        <source>Your account was signed in on another device, so uploading from this computer has stopped. Every recording is kept here, encrypted. Sign in again to continue.</source>
        <translation>このアカウントで別のデバイスからサインインがあったため、このコンピューターからのアップロードを停止しました。録音はすべて暗号化されたままここに保存されています。続けるには、もう一度サインインしてください。</translation>
    </message>
    <message>
        <source>Session taken over</source>
        <translation>セッションが引き継がれました</translation>
    </message>
    <message>
        <source>Sign in again…</source>
        <translation>もう一度サインイン…</translation>
    </message>
    <message>
        <source>Sign in again</source>
        <translation>もう一度サインイン</translation>
    </message>
</context>
<context>
    <name>SyncIndicator</name>
    <message>
        <source>Upload state</source>
        <translation>アップロードの状態</translation>
    </message>
    <message>
        <source>Syncing…</source>
        <translation>同期中…</translation>
    </message>
    <message>
        <source>Offline: uploads resume when the server is reachable</source>
        <translation>オフライン：サーバーに接続できるようになるとアップロードを再開します</translation>
    </message>
    <message>
        <source>Sign in to upload</source>
        <translation>アップロードするにはサインインしてください</translation>
    </message>
    <message>
        <source>Signed out: another device took over</source>
        <translation>サインアウトされました：別のデバイスが引き継ぎました</translation>
    </message>
    <message>
        <source>All recordings uploaded</source>
        <translation>すべての録音をアップロードしました</translation>
    </message>
    <message>
        <source>Waiting, next try in {seconds} s</source>
        <translation>待機中、{seconds} 秒後に再試行</translation>
    </message>
    <message>
        <source>Waiting to upload</source>
        <translation>アップロード待ち</translation>
    </message>
    <message>
        <source>{n} part(s) waiting to upload</source>
        <translation>{n} 個のパートがアップロード待ち</translation>
    </message>
    <message>
        <source>Nothing to upload</source>
        <translation>アップロードするものはありません</translation>
    </message>
</context>
<context>
    <name>TransferStatus</name>
    <message>
        <source>Uploading: {left} left</source>
        <translation>アップロード中: 残り {left}</translation>
    </message>
    <message>
        <source>Uploading: {left} left, {speed}/s, about {time} remaining</source>
        <translation>アップロード中: 残り {left}、{speed}/秒、残り時間 約 {time}</translation>
    </message>
</context>
<context>
    <name>Tray</name>
    <message>
        <source>Record</source>
        <translation>録音</translation>
    </message>
    <message>
        <source>Stop recording</source>
        <translation>録音を停止</translation>
    </message>
    <message>
        <source>Show LogMeets Recorder</source>
        <translation>LogMeets レコーダーを表示</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>終了</translation>
    </message>
    <message>
        <source>Tray menu</source>
        <translation>トレイメニュー</translation>
    </message>
    <message>
        <source>LogMeets Recorder: recording</source>
        <translation>LogMeets レコーダー：録音中</translation>
    </message>
    <message>
        <source>LogMeets Recorder</source>
        <translation>LogMeets レコーダー</translation>
    </message>
</context>
<context>
    <name>UpdatesPage</name>
    <message>
        <source>Updates</source>
        <translation>更新</translation>
    </message>
    <message>
        <source>Keep LogMeets up to date</source>
        <translation>LogMeets を最新の状態に保つ</translation>
    </message>
    <message>
        <source>Versions:</source>
        <translation>バージョン:</translation>
    </message>
    <message>
        <source>Versions</source>
        <translation>バージョン</translation>
    </message>
    <message>
        <source>Stable releases</source>
        <translation>安定版</translation>
    </message>
    <message>
        <source>Stable and beta releases</source>
        <translation>安定版とベータ版</translation>
    </message>
    <message>
        <source>New versions are checked for at start and every six hours, verified against LogMeets&apos; signing keys, and installed when LogMeets restarts, never during a recording.</source>
        <translation>新しいバージョンは起動時と 6 時間ごとに確認され、LogMeets の署名鍵で検証されてから、LogMeets の再起動時にインストールされます。録音中にインストールされることはありません。</translation>
    </message>
    <message>
        <source>Updates help</source>
        <translation>更新のヘルプ</translation>
    </message>
</context>
<context>
    <name>WelcomeDialog</name>
    <message>
        <source>Welcome</source>
        <translation>ようこそ</translation>
    </message>
    <message>
        <source>Welcome to LogMeets Recorder</source>
        <translation>LogMeets レコーダーへようこそ</translation>
    </message>
    <message>
        <source>Choose your microphone and speak: the bar moves when it hears you.</source>
        <translation>マイクを選んで話してください。音が届くとバーが動きます。</translation>
    </message>
    <message>
        <source>&amp;Microphone:</source>
        <translation>マイク(&amp;M):</translation>
    </message>
    <message>
        <source>System default</source>
        <translation>システムの既定</translation>
    </message>
    <message>
        <source>Microphone</source>
        <translation>マイク</translation>
    </message>
    <message>
        <source>Microphone level</source>
        <translation>マイクの音量</translation>
    </message>
    <message>
        <source>The level of the chosen microphone, live</source>
        <translation>選んだマイクの現在の音量</translation>
    </message>
    <message>
        <source>Recordings are encrypted on this computer as you record and are uploaded to your organisation&apos;s server once you sign in; each part is erased here after the server confirms it has it.</source>
        <translation>録音は録音中にこのコンピューター上で暗号化され、サインインすると組織のサーバーへアップロードされ、サーバーが受け取りを確認した部分からこのコンピューター上のコピーは消去されます。</translation>
    </message>
    <message>
        <source>Where recordings go</source>
        <translation>録音の保存先</translation>
    </message>
    <message>
        <source>Sign in…</source>
        <translation>サインイン…</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>サインイン</translation>
    </message>
    <message>
        <source>Record now, upload later</source>
        <translation>今すぐ録音し、後でアップロード</translation>
    </message>
    <message>
        <source>Recordings wait on this computer, encrypted, until you sign in</source>
        <translation>サインインするまで、録音は暗号化されてこのコンピューターに保存されます</translation>
    </message>
    <message>
        <source>Microphone problem</source>
        <translation>マイクの問題</translation>
    </message>
</context>
</TS>
