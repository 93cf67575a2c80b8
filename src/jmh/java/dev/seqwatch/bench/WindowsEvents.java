package dev.seqwatch.bench;

import java.util.Random;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Everyday Windows endpoint activity in the shape Elastic Defend writes it (ECS, {@code
 * logs-endpoint.events.*} data streams): process starts, network connections, registry changes and
 * file writes of a desktop fleet, so that the Windows rules of a rule set look at realistic values
 * (process names and parents, command lines, Run keys, temp and download paths) and do the work
 * they would do on a real fleet. None is malicious by design; some will still trip broad rules.
 */
final class WindowsEvents {

  private static final JsonMapper JSON = new JsonMapper();

  /**
   * name, executable directory, parent name, command-line arguments after the executable, and the
   * code signature's subject as the real binary carries it (Windows' own "Microsoft Windows", the
   * apps Microsoft ships apart "Microsoft Corporation", which masquerading rules check).
   */
  private static final String[][] PROCESSES = {
      {"svchost.exe", "C:\\Windows\\System32", "services.exe", "-k netsvcs -p -s Schedule", "Microsoft Windows"},
      {"svchost.exe", "C:\\Windows\\System32", "services.exe", "-k LocalServiceNetworkRestricted -p", "Microsoft Windows"},
      {"chrome.exe", "C:\\Program Files\\Google\\Chrome\\Application", "explorer.exe", "--type=renderer --lang=en-US", "Google LLC"},
      {"msedge.exe", "C:\\Program Files (x86)\\Microsoft\\Edge\\Application", "explorer.exe", "--single-argument https://intranet/", "Microsoft Corporation"},
      {"powershell.exe", "C:\\Windows\\System32\\WindowsPowerShell\\v1.0", "explorer.exe", "-NoProfile -File C:\\Scripts\\inventory.ps1", "Microsoft Windows"},
      {"cmd.exe", "C:\\Windows\\System32", "explorer.exe", "/c dir C:\\Users\\Public", "Microsoft Windows"},
      {"conhost.exe", "C:\\Windows\\System32", "cmd.exe", "0xffffffff -ForceV1", "Microsoft Windows"},
      {"rundll32.exe", "C:\\Windows\\System32", "explorer.exe", "shell32.dll,Control_RunDLL desk.cpl", "Microsoft Windows"},
      {"msiexec.exe", "C:\\Windows\\System32", "services.exe", "/V", "Microsoft Windows"},
      {"taskhostw.exe", "C:\\Windows\\System32", "svchost.exe", "", "Microsoft Windows"},
      {"OneDrive.exe", "C:\\Users\\{user}\\AppData\\Local\\Microsoft\\OneDrive", "explorer.exe", "/background", "Microsoft Corporation"},
      {"Teams.exe", "C:\\Users\\{user}\\AppData\\Local\\Microsoft\\Teams\\current", "explorer.exe", "--processStart Teams.exe", "Microsoft Corporation"},
      {"WmiPrvSE.exe", "C:\\Windows\\System32\\wbem", "svchost.exe", "-secured -Embedding", "Microsoft Windows"},
      {"SearchIndexer.exe", "C:\\Windows\\System32", "services.exe", "/Embedding", "Microsoft Windows"},
      {"notepad.exe", "C:\\Windows\\System32", "explorer.exe", "C:\\Users\\{user}\\Documents\\notes.txt", "Microsoft Windows"},
      {"reg.exe", "C:\\Windows\\System32", "cmd.exe", "query HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion", "Microsoft Windows"},
      {"git.exe", "C:\\Program Files\\Git\\cmd", "powershell.exe", "pull --ff-only", "Johannes Schindelin"},
      {"code.exe", "C:\\Users\\{user}\\AppData\\Local\\Programs\\Microsoft VS Code", "explorer.exe", "", "Microsoft Corporation"},
      {"wuauclt.exe", "C:\\Windows\\System32", "svchost.exe", "/RunHandlerComServer", "Microsoft Windows"},
      {"MsMpEng.exe", "C:\\ProgramData\\Microsoft\\Windows Defender\\Platform\\4.18.24090.11-0", "services.exe", "", "Microsoft Windows"}};
  private static final String[] REGISTRY_PATHS = {
      "HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run\\SecurityHealth",
      "HKU\\S-1-5-21-1004336348-1177238915-682003330-1001\\Software\\Microsoft\\Windows\\CurrentVersion\\Run\\OneDrive",
      "HKLM\\SYSTEM\\ControlSet001\\Services\\bam\\State\\UserSettings\\S-1-5-21-1004336348-1177238915-682003330-1001",
      "HKU\\S-1-5-21-1004336348-1177238915-682003330-1001\\Software\\Microsoft\\Windows\\CurrentVersion\\Explorer\\RecentDocs\\.pdf",
      "HKLM\\SOFTWARE\\Microsoft\\Windows Defender\\Signature Updates\\SignatureLocation",
      "HKLM\\SYSTEM\\ControlSet001\\Services\\W32Time\\Parameters\\NtpServer"};
  private static final String[] FILE_PATHS = {
      "C:\\Users\\{user}\\AppData\\Local\\Temp\\chrome_{n}.tmp", "C:\\Windows\\Prefetch\\CHROME.EXE-{n}.pf",
      "C:\\Users\\{user}\\Downloads\\report-{n}.pdf", "C:\\Users\\{user}\\Documents\\budget-{n}.xlsx",
      "C:\\ProgramData\\Microsoft\\Windows Defender\\Scans\\History\\Service\\{n}.log",
      "C:\\Windows\\Temp\\MpCmdRun-{n}.log"};
  private static final String[] USERS = {"alice", "bob", "carol", "dave", "erin"};
  private static final String[] REMOTE = {"142.250.185.78", "20.190.159.2", "13.107.42.14", "52.96.165.146",
      "10.20.0.10", "10.20.0.53"};

  private final Random random;
  private final int hosts;

  WindowsEvents(Random random, int hosts) {
    this.random = random;
    this.hosts = hosts;
  }

  /** One event: a process start (half), network connection, registry change or file write. */
  ObjectNode next() {
    String user = USERS[random.nextInt(USERS.length)];
    String[] process = PROCESSES[random.nextInt(PROCESSES.length)];
    ObjectNode event = JSON.createObjectNode();
    int kind = random.nextInt(8);
    String category = kind < 4 ? "process" : kind < 6 ? "network" : kind == 6 ? "registry" : "file";
    ObjectNode meta = event.putObject("event");
    meta.put("kind", "event").put("module", "endpoint").put("dataset", "endpoint.events." + category)
        .put("outcome", "success");
    meta.putArray("category").add(category);
    ObjectNode stream = event.putObject("data_stream");
    stream.put("type", "logs").put("dataset", "endpoint.events." + category).put("namespace", "default");
    event.putObject("agent").put("type", "endpoint").put("version", "9.2.3");
    event.putObject("ecs").put("version", "8.11.0");
    ObjectNode host = event.putObject("host");
    int hostNumber = random.nextInt(hosts);
    host.put("name", "win-desk-" + hostNumber).put("hostname", "win-desk-" + hostNumber);
    ObjectNode os = host.putObject("os");
    os.put("type", "windows").put("family", "windows").put("name", "Windows").put("platform", "windows")
        .put("version", "22H2").put("full", "Windows 11 Enterprise 22H2");
    event.putObject("user").put("name", user).put("domain", "CORP").put("id", "S-1-5-21-1004336348-1177238915-682003330-1001");
    ObjectNode proc = event.putObject("process");
    String directory = process[1].replace("{user}", user);
    String executable = directory + "\\" + process[0];
    proc.put("name", process[0]).put("executable", executable).put("pid", 1000 + random.nextInt(60_000));
    String commandLine = "\"" + executable + "\"" + (process[3].isEmpty() ? "" : " " + process[3].replace("{user}", user));
    proc.put("command_line", commandLine);
    ArrayNode args = proc.putArray("args").add(executable);
    for (String arg : process[3].replace("{user}", user).split(" ")) {
      if (!arg.isEmpty()) {
        args.add(arg);
      }
    }
    proc.put("args_count", args.size());
    proc.putObject("pe").put("original_file_name", process[0].toUpperCase(java.util.Locale.ROOT))
        .put("company", process[4].startsWith("Microsoft") ? "Microsoft Corporation" : process[4]);
    proc.putObject("code_signature").put("trusted", true).put("status", "trusted").put("exists", true)
        .put("subject_name", process[4]);
    proc.putObject("hash").put("sha256", Long.toHexString(random.nextLong()) + Long.toHexString(random.nextLong()));
    ObjectNode parent = proc.putObject("parent");
    parent.put("name", process[2]).put("executable", "C:\\Windows\\" + process[2]).put("pid", 500 + random.nextInt(5_000))
        .put("entity_id", "win-parent-" + random.nextInt(50_000));
    parent.putArray("args").add("C:\\Windows\\" + process[2]);
    switch (category) {
      case "process" -> {
        meta.put("action", "start");
        meta.putArray("type").add("start");
      }
      case "network" -> {
        meta.put("action", "connection_attempted");
        meta.putArray("type").add("start").add("connection");
        event.putObject("source").put("ip", "10.20." + random.nextInt(8) + "." + random.nextInt(250))
            .put("port", 49152 + random.nextInt(16_000));
        event.putObject("destination").put("ip", REMOTE[random.nextInt(REMOTE.length)])
            .put("port", random.nextBoolean() ? 443 : 53);
        event.putObject("network").put("direction", "egress").put("transport", "tcp").put("type", "ipv4");
      }
      case "registry" -> {
        meta.put("action", "modification");
        meta.putArray("type").add("change");
        String path = REGISTRY_PATHS[random.nextInt(REGISTRY_PATHS.length)];
        ObjectNode registry = event.putObject("registry");
        registry.put("path", path).put("key", path.substring(path.indexOf('\\') + 1, path.lastIndexOf('\\')))
            .put("value", path.substring(path.lastIndexOf('\\') + 1)).put("hive", path.substring(0, path.indexOf('\\')));
        registry.putObject("data").putArray("strings").add(executable);
      }
      default -> {
        meta.put("action", random.nextBoolean() ? "creation" : "overwrite");
        meta.putArray("type").add(random.nextBoolean() ? "creation" : "change");
        String path = FILE_PATHS[random.nextInt(FILE_PATHS.length)].replace("{user}", user)
            .replace("{n}", Integer.toString(random.nextInt(10_000)));
        String name = path.substring(path.lastIndexOf('\\') + 1);
        event.putObject("file").put("path", path).put("name", name)
            .put("extension", name.substring(name.lastIndexOf('.') + 1)).put("size", random.nextInt(1 << 20));
      }
    }
    return event;
  }
}
