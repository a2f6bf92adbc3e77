#!/usr/bin/env pwsh
<#
.SYNOPSIS
    Builds and tests LedgerData.

.DESCRIPTION
    build  Release build of the solution; warnings are errors through Directory.Build.props.
    test   (default) build, then run every test against SQLite and a real PostgreSQL server.
    bench  Release build, then the checkout benchmark (tests/LedgerData.Benchmarks) against a durable PostgreSQL
           cluster of its own (fsync on, default synchronous_commit), with pgbench and EF Core as baselines.
           Writes artifacts/bench/results.md, results.json and throughput.png. Arguments after the task go to
           the benchmark program, e.g. `./build.ps1 bench --duration 10` or `./build.ps1 bench --smoke`.

    PostgreSQL for the tests comes from, in this order:
      LEDGERDATA_PG      an Npgsql connection string, used as is (the tests create their own databases);
      a throwaway cluster started from the machine's own binaries, found in:
        LEDGERDATA_PG_BIN  a directory holding initdb, pg_ctl and postgres; when set, nothing else is tried,
        /usr/lib/postgresql/<highest version>/bin,
        initdb on PATH, when postgres sits beside it once symbolic links are followed.
    Without PostgreSQL a local run goes on and the PostgreSQL tests report themselves skipped. With CI=true the
    tests run all the same and the PostgreSQL ones fail, so the run fails with real counts: a missing database on
    the build server is a failure, never a skip.

    The last line printed by `test` is always `tests: N passed, N failed, N skipped`.

.EXAMPLE
    dotnet tool restore
    dotnet pwsh ./build.ps1 test
#>
param(
    [ValidateSet('build', 'test', 'bench')]
    [string] $Task = 'test',
    # Passed on to the benchmark program by the bench task.
    [Parameter(ValueFromRemainingArguments)]
    [string[]] $BenchArguments = @()
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
# Exit codes of native commands are checked by hand: a failing `dotnet test` must still let us read its results.
$PSNativeCommandUseErrorActionPreference = $false

$RepoRoot = $PSScriptRoot
$Solution = Join-Path $RepoRoot 'LedgerData.sln'
$ArtifactsDir = Join-Path $RepoRoot 'artifacts'
$TestResultsDir = Join-Path $ArtifactsDir 'test-results'
$ServerLogDir = Join-Path $ArtifactsDir 'postgres'

# PostgreSQL refuses to run as root, so a root caller hands the cluster to this unprivileged system user.
$ClusterOwner = 'ledgerdata_pg'

# Tests open up to about 200 connections at once; leave room for the server's own and for stragglers.
$MaxConnections = 300

# --------------------------------------------------------------------------------------------------------------
# Output and native commands
# --------------------------------------------------------------------------------------------------------------

function Write-Step([string] $Message) {
    Write-Host "[build] $Message"
}

function Test-IsCi {
    return $env:CI -eq 'true'
}

function Invoke-Checked {
    # Runs a native command and throws when it exits non-zero, naming the command that failed.
    param([string] $FilePath, [string[]] $ArgumentList)

    & $FilePath @ArgumentList
    if ($LASTEXITCODE -ne 0) {
        throw "'$FilePath $($ArgumentList -join ' ')' failed with exit code $LASTEXITCODE"
    }
}

# --------------------------------------------------------------------------------------------------------------
# Build
# --------------------------------------------------------------------------------------------------------------

function Invoke-Build {
    Write-Step "dotnet build $Solution -c Release"
    # Out-Host keeps dotnet's output on screen and out of this function's return value.
    dotnet build $Solution -c Release | Out-Host
    return $LASTEXITCODE -eq 0
}

# --------------------------------------------------------------------------------------------------------------
# PostgreSQL binaries and the account that runs them
# --------------------------------------------------------------------------------------------------------------

function Test-PostgresBinDirectory([string] $Directory) {
    # initdb and pg_ctl start `postgres` from their own directory, so all three must sit together.
    foreach ($program in 'initdb', 'pg_ctl', 'postgres') {
        if (-not (Test-Path -LiteralPath (Join-Path $Directory $program) -PathType Leaf)) {
            return $false
        }
    }
    return $true
}

function Get-VersionedPostgresBinDirectory {
    # Debian and Ubuntu install each major version side by side; the newest one is the one to test against.
    $versionDirs = @(Get-ChildItem -Path '/usr/lib/postgresql' -Directory -ErrorAction SilentlyContinue |
        Where-Object { $_.Name -match '^\d+(\.\d+)?$' } |
        Sort-Object { [double] $_.Name } -Descending)

    foreach ($versionDir in $versionDirs) {
        $bin = Join-Path $versionDir.FullName 'bin'
        if (Test-PostgresBinDirectory $bin) {
            return $bin
        }
    }
    return $null
}

function Get-PathPostgresBinDirectory {
    # An initdb on PATH may be a symbolic link (as /usr/local/bin/initdb is on our machines) or a wrapper script;
    # only the directory of the real file can hold `postgres` beside it.
    $initdb = Get-Command 'initdb' -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
    if ($null -eq $initdb) {
        return $null
    }

    $file = Get-Item -LiteralPath $initdb.Source
    if ($file.LinkType) {
        $file = $file.ResolveLinkTarget($true)
    }
    $bin = Split-Path -Parent $file.FullName
    if (Test-PostgresBinDirectory $bin) {
        return $bin
    }
    return $null
}

function Find-PostgresBinDirectory {
    # Returns the directory holding initdb, pg_ctl and postgres, or $null when this machine has none.
    if ($env:LEDGERDATA_PG_BIN) {
        # An explicit choice is never second-guessed: falling back would test against a server nobody asked for.
        if (Test-PostgresBinDirectory $env:LEDGERDATA_PG_BIN) {
            return $env:LEDGERDATA_PG_BIN
        }
        return $null
    }

    $versioned = Get-VersionedPostgresBinDirectory
    if ($versioned) {
        return $versioned
    }
    return Get-PathPostgresBinDirectory
}

function Test-IsRoot {
    return (id -u) -eq '0'
}

function Initialize-ClusterOwner {
    # Creates the unprivileged account once per machine; later runs find it already there.
    id -u $ClusterOwner *> $null
    if ($LASTEXITCODE -eq 0) {
        return
    }

    Write-Step "creating system user '$ClusterOwner' to own throwaway PostgreSQL clusters"
    useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin $ClusterOwner | Out-Host
    $useraddExitCode = $LASTEXITCODE
    if ($useraddExitCode -ne 0) {
        # A concurrent run may have created it between our check and useradd; only a still-missing user is fatal.
        id -u $ClusterOwner *> $null
        if ($LASTEXITCODE -ne 0) {
            throw "Could not create system user '$ClusterOwner' (useradd exit code $useraddExitCode)."
        }
    }
}

function Invoke-AsClusterOwner {
    # Runs a PostgreSQL program as the account that owns the cluster: the caller itself, or $ClusterOwner for root.
    param([pscustomobject] $Cluster, [string] $Program, [string[]] $ArgumentList)

    $path = Join-Path $Cluster.BinDirectory $Program
    if ($Cluster.Owner) {
        Invoke-Checked 'runuser' (@('-u', $Cluster.Owner, '--', $path) + $ArgumentList)
    }
    else {
        Invoke-Checked $path $ArgumentList
    }
}

# --------------------------------------------------------------------------------------------------------------
# Throwaway PostgreSQL cluster
# --------------------------------------------------------------------------------------------------------------

function Get-FreeLoopbackPort {
    # The OS hands out a free port for port 0; we release it at once and let PostgreSQL take it.
    # Another process could grab it in between, but then pg_ctl fails loudly rather than testing the wrong server.
    $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
    try {
        $listener.Start()
        return $listener.LocalEndpoint.Port
    }
    finally {
        $listener.Stop()
    }
}

function New-ClusterRoot([string] $Owner) {
    # One fresh folder holds the data directory, the Unix socket and the server log, so cleanup is one delete.
    $name = 'ledgerdata-pg-' + [System.IO.Path]::GetRandomFileName().Replace('.', '')
    $root = Join-Path ([System.IO.Path]::GetTempPath()) $name
    New-Item -ItemType Directory -Path $root | Out-Null

    if ($Owner) {
        Invoke-Checked 'chown' @($Owner, $root)
    }
    return $root
}

function Get-ServerSettings([bool] $Durable) {
    # Settings passed to `postgres` through pg_ctl -o.
    $settings = @(
        '-c', 'listen_addresses=127.0.0.1',
        '-c', "max_connections=$MaxConnections"
    )
    if (-not $Durable) {
        # Test data is thrown away, so crash safety only costs time; benchmarks ask for a durable server instead.
        $settings += @('-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off')
    }
    return $settings
}

function Write-LogTail([string] $Path) {
    # The cluster folder is deleted on failure, so what went wrong is shown before it goes.
    if (Test-Path -LiteralPath $Path) {
        Write-Step "last lines of ${Path}:"
        Get-Content -LiteralPath $Path -Tail 20 | ForEach-Object { Write-Host "    $_" }
    }
}

function Start-ClusterReaper([pscustomobject] $Cluster) {
    # pwsh runs finally blocks on Ctrl+C, but not when it is killed (SIGTERM, SIGHUP from a closed terminal,
    # SIGKILL from a CI timeout). This small shell outlives us, waits for this process to end, then stops the
    # server and deletes the folder if we could not. setsid keeps a terminal's Ctrl+C away from it, and its own
    # output goes nowhere so it never holds our caller's pipes open.
    $reaper = @'
exec </dev/null >/dev/null 2>&1
watched_pid=$1 pg_ctl=$2 data_dir=$3 root=$4 owner=$5
while kill -0 "$watched_pid"; do
    sleep 1
done
if [ -f "$data_dir/postmaster.pid" ]; then
    if [ -n "$owner" ]; then
        runuser -u "$owner" -- "$pg_ctl" -D "$data_dir" -m immediate stop
    else
        "$pg_ctl" -D "$data_dir" -m immediate stop
    fi
fi
rm -rf "$root"
'@
    $owner = if ($Cluster.Owner) { $Cluster.Owner } else { '' }
    $arguments = @(
        'bash', '-c', $reaper, 'ledgerdata-pg-reaper',
        $PID, (Join-Path $Cluster.BinDirectory 'pg_ctl'), $Cluster.DataDirectory, $Cluster.Root, $owner
    )

    # ProcessStartInfo.ArgumentList passes each argument as is; Start-Process would re-split the script text.
    $startInfo = [System.Diagnostics.ProcessStartInfo]::new('setsid')
    foreach ($argument in $arguments) {
        $startInfo.ArgumentList.Add([string] $argument)
    }
    [System.Diagnostics.Process]::Start($startInfo).Dispose()
}

function Start-PostgresCluster {
    <#
    .SYNOPSIS
        Starts a throwaway PostgreSQL cluster on a free loopback port and returns it.
    .DESCRIPTION
        The returned object has ConnectionString, Port, LogFile, Root and a Stop() method that stops the server
        and deletes every file of the cluster. Call Stop() in a finally block. Throws when the cluster cannot be
        started, after cleaning up what it had made.
    #>
    param(
        [Parameter(Mandatory)] [string] $BinDirectory,
        # Durable keeps PostgreSQL's crash-safety defaults, for benchmarks that must reflect real commit cost.
        [switch] $Durable
    )

    $owner = $null
    if (Test-IsRoot) {
        Initialize-ClusterOwner
        $owner = $ClusterOwner
    }

    $port = Get-FreeLoopbackPort
    $root = New-ClusterRoot $owner
    $cluster = [pscustomobject]@{
        BinDirectory     = $BinDirectory
        Owner            = $owner
        Port             = $port
        Root             = $root
        DataDirectory    = Join-Path $root 'data'
        LogFile          = Join-Path $root 'server.log'
        InitdbLogFile    = Join-Path $root 'initdb.log'
        ConnectionString = "Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres;" +
            'Pooling=true;Maximum Pool Size=250'
    }
    $cluster | Add-Member -MemberType ScriptMethod -Name Stop -Value { Stop-PostgresCluster -Cluster $this }
    Start-ClusterReaper $cluster

    $initialized = $false
    $started = $false
    # The owner may not be allowed into the caller's directory; starting from the cluster root avoids warnings.
    Push-Location -LiteralPath $root
    try {
        Write-Step "initdb $($cluster.DataDirectory) ($BinDirectory, owner $(if ($owner) { $owner } else { 'self' }))"
        $initdbArgs = @(
            '-D', $cluster.DataDirectory, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--no-locale'
        )
        # initdb is chatty; its output is shown only when something fails.
        Invoke-AsClusterOwner $cluster 'initdb' $initdbArgs *> $cluster.InitdbLogFile
        $initialized = $true

        # The socket goes into our own folder: the default /var/run/postgresql may not exist or be writable.
        # pg_ctl hands -o to a shell, hence the quotes around the path.
        $serverOptions = @('-p', $port, '-k', "`"$root`"") + (Get-ServerSettings $Durable.IsPresent)
        $durability = if ($Durable) { 'durable' } else { 'fsync off' }
        Write-Step "starting PostgreSQL on 127.0.0.1:$port ($durability); server log: $($cluster.LogFile)"
        $pgCtlArgs = @(
            '-D', $cluster.DataDirectory, '-o', ($serverOptions -join ' '), '-l', $cluster.LogFile,
            '-w', '-t', '60', 'start'
        )
        Invoke-AsClusterOwner $cluster 'pg_ctl' $pgCtlArgs | Out-Null

        $started = $true
        return $cluster
    }
    catch {
        $failedLog = if ($initialized) { $cluster.LogFile } else { $cluster.InitdbLogFile }
        Write-LogTail $failedLog
        throw
    }
    finally {
        Pop-Location
        # Also reached on Ctrl+C, where catch is skipped: never leave a half-made cluster behind.
        if (-not $started) {
            Stop-PostgresCluster -Cluster $cluster
        }
    }
}

function Stop-PostgresCluster {
    # Stops the server if it runs, keeps a copy of its log under artifacts/ and deletes the cluster's folder.
    param([Parameter(Mandatory)] [pscustomobject] $Cluster)

    $pidFile = Join-Path $Cluster.DataDirectory 'postmaster.pid'
    if (Test-Path -LiteralPath $pidFile) {
        Push-Location -LiteralPath $Cluster.Root
        try {
            # Immediate: the data is about to be deleted, so a clean shutdown checkpoint would be wasted work.
            Invoke-AsClusterOwner $Cluster 'pg_ctl' @('-D', $Cluster.DataDirectory, '-m', 'immediate', 'stop') |
                Out-Null
            Write-Step "stopped PostgreSQL on port $($Cluster.Port)"
        }
        catch {
            # Deleting the folder below still ends it: a postmaster shuts itself down within a minute once its
            # postmaster.pid is gone.
            Write-Step "could not stop PostgreSQL on port $($Cluster.Port): $($_.Exception.Message)"
        }
        finally {
            Pop-Location
        }
    }

    Save-ServerLog $Cluster
    Remove-Item -LiteralPath $Cluster.Root -Recurse -Force -ErrorAction SilentlyContinue
}

function Save-ServerLog([pscustomobject] $Cluster) {
    # The cluster folder is deleted, but the log is what explains a failure after the fact.
    if (-not (Test-Path -LiteralPath $Cluster.LogFile)) {
        return
    }
    New-Item -ItemType Directory -Path $ServerLogDir -Force | Out-Null
    Copy-Item -LiteralPath $Cluster.LogFile -Destination (Join-Path $ServerLogDir "server-$($Cluster.Port).log")
}

# --------------------------------------------------------------------------------------------------------------
# Test database policy
# --------------------------------------------------------------------------------------------------------------

function Resolve-MissingPostgres([string] $Problem) {
    # Either way the tests still run without LEDGERDATA_PG, so the summary line carries real counts. In CI the
    # PostgreSQL tests then fail (TestDatabase calls Assert.Fail when CI=true), locally they report themselves skipped.
    if (Test-IsCi) {
        Write-Host "$Problem. CI=true, so the PostgreSQL tests will run without a server and fail the run."
        return
    }
    Write-Host "$Problem. PostgreSQL tests will be reported as skipped."
}

function Start-TestDatabase {
    # Returns a started cluster, or $null when a local run goes on without PostgreSQL. Throws in CI instead.
    $bin = Find-PostgresBinDirectory
    if (-not $bin) {
        $searched = if ($env:LEDGERDATA_PG_BIN) { "LEDGERDATA_PG_BIN=$env:LEDGERDATA_PG_BIN" }
        else { '/usr/lib/postgresql/*/bin or on PATH' }
        Resolve-MissingPostgres "PostgreSQL not found: no initdb, pg_ctl and postgres in $searched"
        return $null
    }

    try {
        return Start-PostgresCluster -BinDirectory $bin
    }
    catch {
        Resolve-MissingPostgres "PostgreSQL did not start from ${bin}: $($_.Exception.Message)"
        return $null
    }
}

# --------------------------------------------------------------------------------------------------------------
# Tests and their results
# --------------------------------------------------------------------------------------------------------------

function Invoke-DotnetTest {
    # Returns dotnet test's exit code; the counts come from the TRX files it leaves in $TestResultsDir.
    $testArgs = @(
        'test', $Solution, '-c', 'Release', '--no-build',
        '--logger', 'trx',
        '--results-directory', $TestResultsDir,
        # A hung test fails the run after five minutes instead of eating CI's whole time budget. No dump:
        # nothing collects it, and a full dump of the test host is hundreds of megabytes.
        '--blame-hang-timeout', '5m',
        '--blame-hang-dump-type', 'none'
    )
    Write-Step "dotnet $($testArgs -join ' ')"
    dotnet @testArgs | Out-Host
    return $LASTEXITCODE
}

function Get-TestCounts {
    # Counts each test's own outcome across every TRX file; anything neither passed nor skipped is a failure.
    $counts = [pscustomobject]@{ Passed = 0; Failed = 0; Skipped = 0 }
    $trxFiles = @(Get-ChildItem -Path $TestResultsDir -Filter '*.trx' -Recurse -ErrorAction SilentlyContinue)

    foreach ($trxFile in $trxFiles) {
        [xml] $trx = Get-Content -LiteralPath $trxFile.FullName -Raw
        $results = @($trx.GetElementsByTagName('UnitTestResult'))
        foreach ($result in $results) {
            switch ($result.GetAttribute('outcome')) {
                'Passed' { $counts.Passed++ }
                # Ignored tests and PostgreSQL tests without a server; never counted as passed.
                { $_ -in 'NotExecuted', 'Inconclusive', 'NotRunnable' } { $counts.Skipped++ }
                default { $counts.Failed++ }
            }
        }
    }
    return $counts
}

function Invoke-Tests([string] $ConnectionString) {
    # Runs the tests with LEDGERDATA_PG set to $ConnectionString, or unset when there is none.
    $previous = $env:LEDGERDATA_PG
    try {
        $env:LEDGERDATA_PG = $ConnectionString
        $exitCode = Invoke-DotnetTest
    }
    finally {
        $env:LEDGERDATA_PG = $previous
    }
    return [pscustomobject]@{ ExitCode = $exitCode; Counts = Get-TestCounts; WithoutPostgres = -not $ConnectionString }
}

function Invoke-TestsWithPostgres {
    # Runs the tests against LEDGERDATA_PG when given, else against a throwaway cluster while it lives.
    if ($env:LEDGERDATA_PG) {
        Write-Step 'using PostgreSQL from LEDGERDATA_PG'
        return Invoke-Tests $env:LEDGERDATA_PG
    }

    $cluster = $null
    try {
        $cluster = Start-TestDatabase
        $connectionString = if ($cluster) { $cluster.ConnectionString } else { $null }
        return Invoke-Tests $connectionString
    }
    finally {
        # Runs on failure and on Ctrl+C too: no server or data directory outlives the run.
        if ($cluster) {
            $cluster.Stop()
        }
    }
}

function Invoke-TestTask {
    # Returns the process exit code; the summary line is the last thing printed.
    if (-not (Invoke-Build)) {
        Write-Host 'Build failed; no tests were run.'
        return 1
    }

    # Only this run's results may be counted, and only this run's server logs kept beside them.
    Remove-Item -LiteralPath $TestResultsDir -Recurse -Force -ErrorAction SilentlyContinue
    Remove-Item -LiteralPath $ServerLogDir -Recurse -Force -ErrorAction SilentlyContinue
    $run = Invoke-TestsWithPostgres
    $counts = $run.Counts

    $exitCode = 0
    if ($run.ExitCode -ne 0) {
        Write-Host "dotnet test exited with code $($run.ExitCode)."
        $exitCode = 1
        if ($counts.Failed -eq 0) {
            # A crashed or hung test host leaves no result for the test it was running; count the broken run
            # itself, so the summary never reads "0 failed" for a run that failed.
            Write-Host 'dotnet test failed without a failed test result (crash, hang or setup error); counted as 1.'
            $counts.Failed = 1
        }
    }
    if ($run.WithoutPostgres -and (Test-IsCi)) {
        # The PostgreSQL tests fail on their own here; this keeps a CI run without a server failing even if none ran.
        $exitCode = 1
        if ($counts.Failed -eq 0) {
            Write-Host 'CI=true and no PostgreSQL, yet no test failed; the missing server is counted as 1 failure.'
            $counts.Failed = 1
        }
    }
    if ($counts.Passed + $counts.Failed -eq 0) {
        Write-Host 'No test ran: an empty run proves nothing, so it fails.'
        $exitCode = 1
    }
    if ($counts.Failed -gt 0) {
        $exitCode = 1
    }

    Write-Host "tests: $($counts.Passed) passed, $($counts.Failed) failed, $($counts.Skipped) skipped"
    return $exitCode
}

function Invoke-BenchTask {
    # Returns the benchmark's exit code. The cluster is always our own and durable: figures from an fsync-off
    # server would hide what a commit costs, and a shared server would measure someone else's load too.
    if (-not (Invoke-Build)) {
        Write-Host 'Build failed; no benchmark was run.'
        return 1
    }

    $bin = Find-PostgresBinDirectory
    if (-not $bin) {
        throw 'PostgreSQL not found (LEDGERDATA_PG_BIN, /usr/lib/postgresql/*/bin or PATH): the benchmark needs it.'
    }

    $cluster = Start-PostgresCluster -BinDirectory $bin -Durable
    try {
        $benchArgs = @(
            'run', '--project', (Join-Path $RepoRoot 'tests/LedgerData.Benchmarks'), '-c', 'Release', '--no-build',
            '--', '--postgres', $cluster.ConnectionString, '--output', (Join-Path $ArtifactsDir 'bench')
        )
        # pgbench from the same installation as the server; the program looks in the usual places otherwise.
        $pgbench = Join-Path $bin 'pgbench'
        if (Test-Path -LiteralPath $pgbench) {
            $benchArgs += @('--pgbench', $pgbench)
        }
        $commit = & git -C $RepoRoot rev-parse --short=12 HEAD 2>$null
        if ($LASTEXITCODE -eq 0 -and $commit) {
            $benchArgs += @('--commit', $commit)
        }

        Write-Step "dotnet $($benchArgs -join ' ') $($BenchArguments -join ' ')"
        # Out-Host: a function returns whatever reaches its output, and only the exit code may.
        & dotnet @benchArgs @BenchArguments | Out-Host
        return $LASTEXITCODE
    }
    finally {
        Save-ServerLog $cluster
        $cluster.Stop()
    }
}

# --------------------------------------------------------------------------------------------------------------
# Entry point
# --------------------------------------------------------------------------------------------------------------

$exitCode = $null
Push-Location -LiteralPath $RepoRoot
try {
    $exitCode = switch ($Task) {
        'build' { if (Invoke-Build) { 0 } else { 1 } }
        'test' { Invoke-TestTask }
        'bench' { Invoke-BenchTask }
    }
}
catch {
    Write-Host "build.ps1 ${Task}: $($_.Exception.Message)"
    $exitCode = 1
}
finally {
    Pop-Location
    if ($null -eq $exitCode) {
        # Interrupted (Ctrl+C): the cleanup above has run; without this pwsh would report success.
        exit 130
    }
}
exit $exitCode
