<#
.SYNOPSIS
Stop Odoo, PostgreSQL and the sync. Data is kept: the named volumes are never removed here.

.DESCRIPTION
Why a script: same checks as start.ps1, and it includes the optional sync service.
Same behaviour as stop.sh. Run it from PowerShell:  .\docker\stop.ps1
#>
[CmdletBinding()]
param()
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

$exitCode = 0
Push-Location -LiteralPath $PSScriptRoot
try {
    . (Join-Path $PSScriptRoot '_common.ps1')
    Assert-Docker
    if (-not (Test-Path -LiteralPath '.env')) {
        Stop-WithError 'docker\.env is missing: nothing was started from this folder'
    }
    # --profile sync so that a running sync container is stopped too; no -v: volumes stay.
    & docker compose --profile sync down
    if ($LASTEXITCODE -ne 0) {
        Stop-WithError "'docker compose down' failed (see above)"
    }
    Write-Host 'Stopped. Your database and files are kept in Docker volumes; start again with docker\start.ps1.'
}
catch {
    Write-Host "error: $($_.Exception.Message)" -ForegroundColor Red
    $exitCode = 1
}
finally {
    Pop-Location
}
exit $exitCode
