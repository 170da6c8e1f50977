# Sign files with the counterdesk code-signing certificate (Authenticode, SHA-256, RFC 3161
# timestamp). Used by .github/workflows/windows.yml for counterdesk.exe and counterdeskw.exe,
# and by Inno Setup (iscc /Scdsign=...) for the setup and its uninstaller.
#
#   powershell -NoProfile -ExecutionPolicy Bypass -File build\windows\sign.ps1 FILE [FILE ...]
#
# The certificate must already be in the current user's store (the workflow imports the PFX
# from its secrets); CD_SIGN_THUMBPRINT names it, so no password is ever on a command line.
# NOT RUN where it was written (Linux): the Windows workflow is its first run.
param([Parameter(Mandatory = $true, ValueFromRemainingArguments = $true)][string[]]$Files)
$ErrorActionPreference = 'Stop'

if (-not $env:CD_SIGN_THUMBPRINT) {
    throw 'CD_SIGN_THUMBPRINT is not set: import the signing certificate first'
}
$timestamp = if ($env:CD_SIGN_TIMESTAMP_URL) { $env:CD_SIGN_TIMESTAMP_URL } else { 'http://timestamp.digicert.com' }

# signtool comes with the Windows SDK (installed on GitHub's Windows runners); take the newest.
$signtool = Get-ChildItem "${env:ProgramFiles(x86)}\Windows Kits\10\bin\*\x64\signtool.exe" -ErrorAction SilentlyContinue |
    Sort-Object { [version]($_.Directory.Parent.Name) } | Select-Object -Last 1
if (-not $signtool) { throw 'signtool.exe not found (Windows SDK)' }

& $signtool.FullName sign /sha1 $env:CD_SIGN_THUMBPRINT /s My /fd SHA256 /tr $timestamp /td SHA256 /d counterdesk @Files
if ($LASTEXITCODE -ne 0) { throw "signtool sign failed ($LASTEXITCODE)" }
& $signtool.FullName verify /pa /q @Files
if ($LASTEXITCODE -ne 0) { throw "signtool verify failed ($LASTEXITCODE)" }
