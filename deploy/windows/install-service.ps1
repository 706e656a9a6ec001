# Installs PlanWorkflows as a Windows Service. Run in an elevated PowerShell on the server:
#   .\install-service.ps1 -InstallPath 'C:\Program Files\PlanWorkflows' -Account 'NT SERVICE\PlanWorkflows'
# The program is the published folder (dotnet publish src/PlanWorkflows.Server -c Release -r win-x64 -o <InstallPath>).
param(
    [string]$InstallPath = 'C:\Program Files\PlanWorkflows',
    [string]$DataPath = 'C:\ProgramData\PlanWorkflows',
    [string]$Account = 'NT SERVICE\PlanWorkflows'
)
$ErrorActionPreference = 'Stop'
$exe = Join-Path $InstallPath 'PlanWorkflows.Server.exe'
if (-not (Test-Path $exe)) { throw "not found: $exe (publish the service there first)" }

New-Item -ItemType Directory -Force -Path $DataPath, (Join-Path $DataPath 'secrets'), (Join-Path $DataPath 'keys') | Out-Null
New-Service -Name 'PlanWorkflows' -DisplayName 'PlanWorkflows' -BinaryPathName "`"$exe`"" -StartupType Automatic `
    -Description 'Action Plan reminders, replies and escalations'
# A virtual service account: no password to manage, rights only where granted below.
sc.exe config PlanWorkflows obj= "$Account" | Out-Null
sc.exe failure PlanWorkflows reset= 86400 actions= restart/10000/restart/60000/restart/300000 | Out-Null

# Configuration as service environment: keys with __ for ':'; secrets as files in the secrets folder.
# A service starts in System32: every data path is absolute. For SQL Server add Database__Provider=SqlServer
# here and the connection string as the secret file Database__ConnectionString.
$environment = @(
    'ASPNETCORE_ENVIRONMENT=Production',
    "Database__ConnectionString=Data Source=$DataPath\planworkflows.db",
    'Clock__Mode=Real',
    "Secrets__Folder=$DataPath\secrets",
    "Security__DataProtectionKeysFolder=$DataPath\keys",
    "Outbox__PickupFolder=$DataPath\outbox",
    "Packs__ArchiveFolder=$DataPath\packs"
)
New-ItemProperty -Path 'HKLM:\SYSTEM\CurrentControlSet\Services\PlanWorkflows' -Name Environment -PropertyType MultiString -Value $environment -Force | Out-Null

# Only the service account (and administrators) may read the data and secrets.
icacls $DataPath /inheritance:r /grant:r "Administrators:(OI)(CI)F" "SYSTEM:(OI)(CI)F" "${Account}:(OI)(CI)M" | Out-Null
Write-Host "Installed. Put secret files (e.g. Database__ConnectionString, Outbox__Smtp__Password) in $DataPath\secrets, run 'PlanWorkflows.Server.exe db migrate', then: Start-Service PlanWorkflows"
