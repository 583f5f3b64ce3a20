<#
.SYNOPSIS
Start Odoo 19 + PostgreSQL (and, with -Sync, the accounting sync) and wait until healthy.

.DESCRIPTION
Why a script: it checks Docker, Compose v2 and docker\.env first, so a new owner gets a clear
next step instead of a Compose error, and it prints the address to open. Same behaviour as
start.sh. Run it from PowerShell:  .\docker\start.ps1   (add -Sync to run the sync too).
If scripts are blocked: powershell -ExecutionPolicy Bypass -File .\docker\start.ps1

.PARAMETER Sync
Also run the accounting sync (odoo-mcp sync every 5 minutes); needs the project's .env.

.PARAMETER Build
Rebuild the sync image (after updating odoo-mcp).
#>
[CmdletBinding()]
param(
    [switch]$Sync,
    [switch]$Build
)
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

$exitCode = 0
Push-Location -LiteralPath $PSScriptRoot
try {
    . (Join-Path $PSScriptRoot '_common.ps1')
    Assert-Docker
    Assert-EnvFile

    # COMPOSE_PROFILES=sync in docker\.env turns the sync on as well.
    $withSync = $Sync.IsPresent -or ((Get-EnvValue 'COMPOSE_PROFILES') -like '*sync*')
    if ($withSync) {
        $env:COMPOSE_PROFILES = 'sync'
        if (-not (Test-Path -LiteralPath (Join-Path '..' '.env'))) {
            Stop-WithError "the sync needs the project's .env (ODOO_DB, ODOO_API_KEY ...) next to docker\: create it first"
        }
    }

    Write-Host 'Starting Odoo (the first start downloads about 1 GB of images and can take a few minutes)...'
    $upArgs = @('compose', 'up', '-d', '--wait', '--wait-timeout', '600')
    if ($Build) {
        $upArgs += '--build'
    }
    & docker @upArgs
    if ($LASTEXITCODE -ne 0) {
        & docker compose ps
        Stop-WithError "not every service became healthy: see 'docker compose -f docker\compose.yaml logs odoo db'"
    }

    $address = (Invoke-DockerQuiet @('compose', 'port', 'odoo', '8069')).Output
    $port = ''
    if ($address -match ':(\d+)$') {
        $port = $Matches[1]
    }
    if (-not $port) {
        $port = Get-EnvValue 'ODOO_PORT'
    }
    if (-not $port) {
        $port = '8069'
    }
    $dbName = Get-EnvValue 'ODOO_DB_NAME'
    if (-not $dbName) {
        $dbName = 'odoo'
    }

    Write-Host ''
    Write-Host "Odoo is running: http://localhost:$port" -ForegroundColor Green
    Write-Host "First time? Open it, and create the database named '$dbName' with the master password"
    Write-Host 'from docker\.env (then set ODOO_LIST_DB=False in docker\.env and run this script again).'
    Write-Host 'Stop it with docker\stop.ps1; your data stays in Docker volumes.'
}
catch {
    Write-Host "error: $($_.Exception.Message)" -ForegroundColor Red
    $exitCode = 1
}
finally {
    Pop-Location
}
exit $exitCode
