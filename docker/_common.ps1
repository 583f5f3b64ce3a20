# Shared by start.ps1 and stop.ps1 (dot-sourced, not run): checks that Docker and Compose v2 are
# there and that docker\.env holds real passwords, so a failure says what to do next.
# Errors are thrown; the calling script prints them and exits with status 1.

$MinComposeVersion = [version]'2.24'

function Stop-WithError([string]$Message) {
    throw $Message
}

# Runs docker with stderr dropped and returns its exit code and output. The preference is
# 'Continue' here because Windows PowerShell 5.1 turns redirected stderr into terminating
# errors under 'Stop'.
function Invoke-DockerQuiet([string[]]$Arguments) {
    $ErrorActionPreference = 'Continue'
    $output = & docker @Arguments 2>$null
    [pscustomobject]@{ ExitCode = $LASTEXITCODE; Output = (@($output) -join "`n").Trim() }
}

function Assert-Docker {
    if (-not (Get-Command docker -ErrorAction SilentlyContinue)) {
        Stop-WithError 'docker is not installed: get Docker Desktop from https://docs.docker.com/get-docker/'
    }
    $result = Invoke-DockerQuiet @('compose', 'version', '--short')
    if ($result.ExitCode -ne 0 -or -not $result.Output) {
        Stop-WithError "'docker compose' (Compose v2) is missing: update Docker Desktop (docker-compose v1 is not supported)"
    }
    $text = ($result.Output -split "`n")[0].Trim().TrimStart('v')
    $core = ($text -split '[-+]')[0]
    $parsed = $null
    if (-not [version]::TryParse($core, [ref]$parsed)) {
        Stop-WithError "could not read the Docker Compose version from '$text'"
    }
    if ($parsed -lt $MinComposeVersion) {
        Stop-WithError "Docker Compose $text is too old: $MinComposeVersion or newer is needed (update Docker Desktop)"
    }
    if ((Invoke-DockerQuiet @('info')).ExitCode -ne 0) {
        Stop-WithError 'the Docker engine is not running: start Docker Desktop and wait until it says it is running'
    }
}

# The last NAME=... line of .env, without surrounding quotes.
function Get-EnvValue([string]$Name) {
    $value = ''
    foreach ($line in Get-Content -LiteralPath '.env') {
        if ($line.StartsWith("$Name=")) {
            $value = $line.Substring($Name.Length + 1)
        }
    }
    return $value.Trim().Trim([char[]]@('"', "'"))
}

function Assert-EnvFile {
    if (-not (Test-Path -LiteralPath '.env')) {
        Copy-Item -LiteralPath '.env.example' -Destination '.env'
        Stop-WithError 'created docker\.env from .env.example: open it, set POSTGRES_PASSWORD and ODOO_MASTER_PASSWORD to long random values, then run this again'
    }
    foreach ($name in @('POSTGRES_PASSWORD', 'ODOO_MASTER_PASSWORD')) {
        $value = Get-EnvValue $name
        if (-not $value -or $value.StartsWith('change-me')) {
            Stop-WithError "$name in docker\.env is empty or still the example value: set a real password"
        }
    }
}
