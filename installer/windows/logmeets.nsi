; LogMeets Recorder installer (NSIS 3; builds on Windows and, with Debian's `nsis`, on Linux).
;
;   makensis -DBUNDLE=/abs/dist/LogMeets -DVERSION=0.1.0 -DOUTFILE=/abs/dist/Setup.exe \
;            [-DSIGN_COMMAND="python sign.py file"] installer/windows/logmeets.nsi
; installer/windows/build.py does this with absolute paths (makensis resolves relative ones
; against this folder), after signing the bundle, and then signs the installer.
;
; Interactive: a per-user install into %LOCALAPPDATA%\Programs\LogMeets, no admin rights.
; IT, per machine: run elevated with /S (silent). It installs into %ProgramFiles%\LogMeets and
;   drops the managed config in place: /MANAGED=<path to managed.toml>, or a managed.toml next
;   to the installer, is copied to %ProgramData%\LogMeets\managed.toml. Exit code 740 if not
;   elevated. /S /CURRENTUSER is a silent per-user install; /ALLUSERS asks for per-machine
;   interactively. /D=<folder> (last argument) chooses the folder in any mode.
; Uninstall: "Uninstall.exe" in the install folder, /S for silent. User data and the managed
;   config stay.

Unicode true
ManifestDPIAware true
SetCompressor /SOLID lzma

!ifndef BUNDLE
  !error "define BUNDLE, the one-folder bundle (dist/LogMeets)"
!endif
!ifndef VERSION
  !error "define VERSION (x.y.z)"
!endif
!ifndef OUTFILE
  !define OUTFILE "LogMeets-${VERSION}-Setup.exe"
!endif
; The uninstaller is written at build time, inside the installer: signed then (NSIS >= 3.08).
!ifdef SIGN_COMMAND
  !uninstfinalize '${SIGN_COMMAND} "%1"' = 0
!endif

!define APP "LogMeets Recorder"
!define KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\LogMeets"
!define USER_DIR "$LOCALAPPDATA\Programs\LogMeets"

!include LogicLib.nsh
!include FileFunc.nsh
!include x64.nsh

Name "${APP}"
OutFile "${OUTFILE}"
InstallDir "${USER_DIR}"
RequestExecutionLevel user
ShowInstDetails nevershow

VIProductVersion "${VERSION}.0"
VIFileVersion "${VERSION}.0"
VIAddVersionKey "ProductName" "${APP}"
VIAddVersionKey "ProductVersion" "${VERSION}"
VIAddVersionKey "FileVersion" "${VERSION}"
VIAddVersionKey "FileDescription" "${APP} installer"
VIAddVersionKey "CompanyName" "LogMeets"
VIAddVersionKey "LegalCopyright" "LogMeets"

Page directory
Page instfiles
UninstPage uninstConfirm
UninstPage instfiles

Var AllUsers
Var Params

Function RequireAdmin
  UserInfo::GetAccountType
  Pop $0
  ${If} $0 != "Admin"
    IfSilent +2
      MessageBox MB_ICONSTOP "Installing for all users needs administrator rights."
    SetErrorLevel 740 ; ERROR_ELEVATION_REQUIRED
    Quit
  ${EndIf}
FunctionEnd

Function .onInit
  ${GetParameters} $Params
  StrCpy $AllUsers 0
  IfSilent 0 +2
    StrCpy $AllUsers 1
  ClearErrors
  ${GetOptions} $Params "/ALLUSERS" $0
  ${IfNot} ${Errors}
    StrCpy $AllUsers 1
  ${EndIf}
  ClearErrors
  ${GetOptions} $Params "/CURRENTUSER" $0
  ${IfNot} ${Errors}
    StrCpy $AllUsers 0
  ${EndIf}
  ${If} $AllUsers == 1
    Call RequireAdmin
    SetShellVarContext all
    ${If} ${RunningX64}
      SetRegView 64
    ${EndIf}
    ; Only the default moves; a /D= given by IT stays.
    ${If} $INSTDIR == "${USER_DIR}"
      StrCpy $INSTDIR "$PROGRAMFILES64\LogMeets"
    ${EndIf}
  ${Else}
    SetShellVarContext current
  ${EndIf}
FunctionEnd

Section "LogMeets Recorder"
  SetOutPath "$INSTDIR"
  File /r "${BUNDLE}/*"
  WriteUninstaller "$INSTDIR\Uninstall.exe"
  ${If} $AllUsers == 1
    FileOpen $0 "$INSTDIR\allusers.txt" w
    FileClose $0
    Call DropManagedConfig
  ${EndIf}
  CreateShortcut "$SMPROGRAMS\${APP}.lnk" "$INSTDIR\LogMeets.exe"
  WriteRegStr SHCTX "${KEY}" "DisplayName" "${APP}"
  WriteRegStr SHCTX "${KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr SHCTX "${KEY}" "Publisher" "LogMeets"
  WriteRegStr SHCTX "${KEY}" "DisplayIcon" "$INSTDIR\LogMeets.exe"
  WriteRegStr SHCTX "${KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr SHCTX "${KEY}" "UninstallString" '"$INSTDIR\Uninstall.exe"'
  WriteRegStr SHCTX "${KEY}" "QuietUninstallString" '"$INSTDIR\Uninstall.exe" /S'
  WriteRegDWORD SHCTX "${KEY}" "NoModify" 1
  WriteRegDWORD SHCTX "${KEY}" "NoRepair" 1
SectionEnd

; The administrator's settings (app/settings.py: managed_config_path) for every user. Called only
; per machine, after SetShellVarContext all, where $APPDATA is %ProgramData%.
Function DropManagedConfig
  ClearErrors
  ${GetOptions} $Params "/MANAGED=" $1
  ${If} ${Errors}
    StrCpy $1 "$EXEDIR\managed.toml"
  ${EndIf}
  ${If} ${FileExists} "$1"
    CreateDirectory "$APPDATA\LogMeets"
    CopyFiles /SILENT "$1" "$APPDATA\LogMeets\managed.toml"
    ${If} ${Errors}
      SetErrorLevel 2
    ${EndIf}
  ${EndIf}
FunctionEnd

Function un.onInit
  ${If} ${FileExists} "$INSTDIR\allusers.txt"
    Call un.RequireAdmin
    SetShellVarContext all
    ${If} ${RunningX64}
      SetRegView 64
    ${EndIf}
  ${Else}
    SetShellVarContext current
  ${EndIf}
FunctionEnd

Function un.RequireAdmin
  UserInfo::GetAccountType
  Pop $0
  ${If} $0 != "Admin"
    SetErrorLevel 740
    Quit
  ${EndIf}
FunctionEnd

Section "Uninstall"
  Delete "$SMPROGRAMS\${APP}.lnk"
  DeleteRegKey SHCTX "${KEY}"
  RMDir /r "$INSTDIR"
SectionEnd
