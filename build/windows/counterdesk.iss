; Inno Setup 6 recipe for the counterdesk installer for Windows (per machine, silent for
; SCCM/Intune). NOT BUILT OR RUN where it was written (Linux): .github/workflows/windows.yml
; compiles it on a Windows runner, installs the result silently, smoke-tests the installed
; program, installs it again over its data and uninstalls it. Until that workflow has passed,
; treat this file as untested.
;
; Build (from the repository root, after the bundle: python -m PyInstaller ... build\counterdesk.spec):
;   iscc build\windows\counterdesk.iss
; Output: dist\counterdesk-<version>-setup.exe. Options (iscc /D...):
;   /DSourceDir=<folder>  the PyInstaller onedir (default dist\counterdesk)
;   /DAppVersion=<text>   default: counterdesk.exe's ProductVersion, i.e. the package's __version__
;   /DSignTool=<name>     sign the setup and the uninstaller with the sign tool <name> given as
;                         iscc /S<name>=<command> (the workflow: build\windows\sign.ps1)
; The Chinese (Simplified) messages are an unofficial Inno Setup 6 translation, not installed
; with Inno Setup: the workflow downloads it from the Inno Setup repository at a pinned commit,
; checks its SHA-256 and puts it at build\.work\ChineseSimplified.isl (see README, Windows).
;
; This file is UTF-8 with a byte order mark: Inno Setup reads the Chinese texts below with it.

#define AppName "counterdesk"
#ifndef SourceDir
  #define SourceDir AddBackslash(SourcePath) + "..\..\dist\counterdesk"
#endif
#define AppExe SourceDir + "\counterdesk.exe"
#if !FileExists(AppExe)
  #error No counterdesk.exe in SourceDir: build the bundle first (build\counterdesk.spec)
#endif
#if !FileExists(SourceDir + "\counterdeskw.exe")
  #error No counterdeskw.exe in SourceDir: the bundle was not built on Windows
#endif
#ifndef AppVersion
  ; The version resource build/counterdesk.spec writes from counterdesk.__version__.
  #define AppVersion GetStringFileInfo(AppExe, "ProductVersion")
#endif
#if AppVersion == ""
  #error counterdesk.exe has no ProductVersion: build it with build\counterdesk.spec
#endif
#define FileVersion GetVersionNumbersString(AppExe)
#ifndef ChineseIsl
  #define ChineseIsl AddBackslash(SourcePath) + "..\.work\ChineseSimplified.isl"
#endif
#if !FileExists(ChineseIsl)
  #error ChineseSimplified.isl not found at build\.work: see README (Windows) for where it comes from
#endif
#define AppIcon AddBackslash(SourcePath) + "..\.work\counterdesk.ico"
#if !FileExists(AppIcon)
  #error build\.work\counterdesk.ico not found: build\counterdesk.spec writes it when built on Windows
#endif

[Setup]
; The AppId never changes: it is how an upgrade finds the installed version (and its folder).
AppId={{8E0B6C39-5D0E-4C53-9B8A-1F6D2A7C4E11}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=counterdesk
VersionInfoVersion={#FileVersion}
VersionInfoProductTextVersion={#AppVersion}
; Per machine: every Windows account on the terminal runs the same program and shares its data.
PrivilegesRequired=admin
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
; Windows 10 1809 or newer (what Qt 6.11 supports).
MinVersion=10.0.17763
DefaultDirName={autopf}\{#AppName}
DisableProgramGroupPage=yes
UsePreviousAppDir=yes
UsePreviousTasks=yes
UsePreviousLanguage=yes
OutputDir={#AddBackslash(SourcePath)}..\..\dist
OutputBaseFilename={#AppName}-{#AppVersion}-setup
SetupIconFile={#AppIcon}
UninstallDisplayIcon={app}\counterdeskw.exe
UninstallDisplayName={#AppName}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
; The PATH task changes the machine's environment: tell running programs.
ChangesEnvironment=yes
; An upgrade closes a running counterdesk (silently too) instead of asking for a restart: the
; journal is written in transactions, so a closed terminal loses nothing. Not restarted by
; Setup: a kiosk or lobby display comes back at its next start.
CloseApplications=force
RestartApplications=no
SetupLogging=yes
#ifdef SignTool
SignTool={#SignTool}
SignedUninstaller=yes
#endif

[Languages]
Name: "en"; MessagesFile: "compiler:Default.isl"
Name: "zh_CN"; MessagesFile: "{#ChineseIsl}"

[CustomMessages]
en.AddToPath=Add the counterdesk command line to the system PATH
zh_CN.AddToPath=将 counterdesk 命令行加入系统 PATH
en.OtherTasks=Command line:
zh_CN.OtherTasks=命令行：
en.DemoName=counterdesk demo
zh_CN.DemoName=counterdesk 演示
en.DemoComment=All counterdesk windows on this PC with sample data
zh_CN.DemoComment=在本机用示例数据运行 counterdesk 的全部窗口
en.ConfigNotFound=The configuration file given with /CONFIG was not found: %1
zh_CN.ConfigNotFound=找不到 /CONFIG 指定的配置文件：%1

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"
Name: "addtopath"; Description: "{cm:AddToPath}"; GroupDescription: "{cm:OtherTasks}"; Flags: unchecked

[InstallDelete]
; An upgrade replaces the whole bundle: files an older version had and this one has not
; (Python modules, Qt plugins) must not stay beside the new ones.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
; One PyInstaller build: counterdesk.exe (console: command line, scripts, scheduled sync) and
; counterdeskw.exe (no console: Start menu, desktop), sharing _internal\.
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs
; /CONFIG="path\to\config.toml": that file becomes the terminal's configuration (roll-outs that
; give each PC its own branch, counter number and queue). Without /CONFIG the existing
; configuration stays as it is. Kept by the uninstaller, like the data.
Source: "{param:CONFIG}"; DestDir: "{commonappdata}\{#AppName}"; DestName: "config.toml"; Flags: external uninsneveruninstall; Check: ConfigGiven

[Dirs]
; The terminal's data and config (counterdesk/app/paths.py on Windows): the journal, its
; backups, logs and config.toml. Every user of the PC may write it (one terminal, one journal,
; whoever signs in to Windows), and uninstalling never removes it.
Name: "{commonappdata}\{#AppName}"; Permissions: users-modify; Flags: uninsneveruninstall

[Icons]
; The windowless executable: no console window beside the teller's.
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\counterdeskw.exe"; WorkingDir: "{app}"
Name: "{autoprograms}\{cm:DemoName}"; Filename: "{app}\counterdeskw.exe"; Parameters: "demo"; WorkingDir: "{app}"; Comment: "{cm:DemoComment}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\counterdeskw.exe"; WorkingDir: "{app}"; Tasks: desktopicon

[Registry]
; The command line on the machine's PATH (task addtopath); removed again by the uninstaller
; (CurUninstallStepChanged below), leaving the rest of PATH alone.
Root: HKLM; Subkey: "SYSTEM\CurrentControlSet\Control\Session Manager\Environment"; ValueType: expandsz; ValueName: "Path"; ValueData: "{olddata};{app}"; Tasks: addtopath; Check: NeedsAddPath(ExpandConstant('{app}'))

[UninstallDelete]
; Byte-code caches Python may have written beside the bundle's modules.
Type: filesandordirs; Name: "{app}\_internal"

[Code]
const
  EnvironmentKey = 'SYSTEM\CurrentControlSet\Control\Session Manager\Environment';

{ Paths (a PATH value) without the entry Dir (compared without case and trailing \);
  Found tells whether it was there. Every other entry stays as it was. }
function PathWithout(Paths, Dir: String; var Found: Boolean): String;
var
  Entry: String;
  Sep: Integer;
begin
  Result := '';
  Found := False;
  Paths := Paths + ';';
  while Paths <> '' do
  begin
    Sep := Pos(';', Paths);
    Entry := Copy(Paths, 1, Sep - 1);
    Delete(Paths, 1, Sep);
    if CompareText(RemoveBackslashUnlessRoot(Entry), RemoveBackslashUnlessRoot(Dir)) = 0 then
      Found := True
    else if Entry <> '' then
    begin
      if Result <> '' then
        Result := Result + ';';
      Result := Result + Entry;
    end;
  end;
end;

{ Whether Dir is missing from the machine's PATH ([Registry] entry of the task addtopath). }
function NeedsAddPath(Dir: String): Boolean;
var
  Paths: String;
  Found: Boolean;
begin
  Result := True;
  if RegQueryStringValue(HKEY_LOCAL_MACHINE, EnvironmentKey, 'Path', Paths) then
  begin
    PathWithout(Paths, Dir, Found);
    Result := not Found;
  end;
end;

{ Whether /CONFIG= was given. }
function ConfigGiven: Boolean;
begin
  Result := ExpandConstant('{param:CONFIG|}') <> '';
end;

{ A /CONFIG file that does not exist stops Setup before anything is installed (exit code 1),
  so that a roll-out reports the PC instead of installing a terminal without its config. }
function InitializeSetup: Boolean;
var
  Config: String;
begin
  Result := True;
  Config := ExpandConstant('{param:CONFIG|}');
  if (Config <> '') and not FileExists(Config) then
  begin
    Log(FmtMessage(CustomMessage('ConfigNotFound'), [Config]));
    SuppressibleMsgBox(FmtMessage(CustomMessage('ConfigNotFound'), [Config]),
                       mbCriticalError, MB_OK, IDOK);
    Result := False;
  end;
end;

{ The uninstaller takes {app} off the machine's PATH again, if the task had put it there. }
procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
var
  Paths, Kept: String;
  Found: Boolean;
begin
  if CurUninstallStep <> usPostUninstall then
    exit;
  if not RegQueryStringValue(HKEY_LOCAL_MACHINE, EnvironmentKey, 'Path', Paths) then
    exit;
  Kept := PathWithout(Paths, ExpandConstant('{app}'), Found);
  if Found then
    RegWriteExpandStringValue(HKEY_LOCAL_MACHINE, EnvironmentKey, 'Path', Kept);
end;
