// cupsd_server.cpp — see cupsd_server.h.

#include "cupsd_server.h"

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

#include <grp.h>
#include <pwd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "process.h"

namespace hrc_test {

namespace fs = std::filesystem;

namespace {

const char* const kInstall = "apt-get install cups-daemon cups-client";

// cupsd and the admin tools live in /usr/sbin, which a test's PATH may not hold.
std::string find_tool(const std::string& name) {
    std::string dirs = "/usr/sbin:/usr/bin:/sbin:/bin";
    if (const char* path = std::getenv("PATH")) dirs = std::string(path) + ":" + dirs;
    std::istringstream in(dirs);
    for (std::string dir; std::getline(in, dir, ':');)
        if (!dir.empty() && ::access((fs::path(dir) / name).c_str(), X_OK) == 0)
            return (fs::path(dir) / name).string();
    throw std::runtime_error(
        name + " was not found (the receipt tests run a real CUPS). Install it with: " + kInstall);
}

void write_text(const fs::path& file, const std::string& text) {
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out << text;
    if (!out) throw std::runtime_error("cannot write " + file.string());
}

std::string tail_of(const fs::path& file, std::size_t bytes = 3000) {
    std::ifstream in(file, std::ios::binary);
    const std::string all((std::istreambuf_iterator<char>(in)), {});
    return all.size() > bytes ? all.substr(all.size() - bytes) : all;
}

bool socket_answers(const std::string& path) {
    const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return false;
    sockaddr_un a{};
    a.sun_family = AF_UNIX;
    if (path.size() >= sizeof a.sun_path) {
        ::close(fd);
        throw std::runtime_error("the cupsd socket path is too long for a domain socket: " + path);
    }
    path.copy(a.sun_path, path.size());
    const bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
    ::close(fd);
    return ok;
}

// The group whose members may administer the test cupsd (@SYSTEM): root's when run as root, else
// the test user's own group, so lpadmin works either way.
std::string system_group() {
    if (::geteuid() == 0) return "root";
    const group* g = ::getgrgid(::getegid());
    return g ? g->gr_name : "root";
}

// Debian 12's default policy (/etc/cups/cupsd.conf): a job's owner may cancel and purge it.
const char* const kPolicy = R"(<Policy default>
  JobPrivateAccess default
  JobPrivateValues default
  SubscriptionPrivateAccess default
  SubscriptionPrivateValues default
  <Limit Create-Job Print-Job Print-URI Validate-Job>
    Order deny,allow
  </Limit>
  <Limit Send-Document Send-URI Hold-Job Release-Job Restart-Job Purge-Jobs Set-Job-Attributes Create-Job-Subscription Renew-Subscription Cancel-Subscription Get-Notifications Reprocess-Job Cancel-Current-Job Suspend-Current-Job Resume-Job Cancel-My-Jobs Close-Job CUPS-Move-Job>
    Require user @OWNER @SYSTEM
    Order deny,allow
  </Limit>
  <Limit CUPS-Get-Document>
    AuthType Default
    Require user @OWNER @SYSTEM
    Order deny,allow
  </Limit>
  <Limit CUPS-Add-Modify-Printer CUPS-Delete-Printer CUPS-Add-Modify-Class CUPS-Delete-Class CUPS-Set-Default CUPS-Get-Devices>
    AuthType Default
    Require user @SYSTEM
    Order deny,allow
  </Limit>
  <Limit Pause-Printer Resume-Printer Enable-Printer Disable-Printer Pause-Printer-After-Current-Job Hold-New-Jobs Release-Held-New-Jobs Deactivate-Printer Activate-Printer Restart-Printer Shutdown-Printer Startup-Printer Promote-Job Schedule-Job-After Cancel-Jobs CUPS-Accept-Jobs CUPS-Reject-Jobs>
    AuthType Default
    Require user @SYSTEM
    Order deny,allow
  </Limit>
  <Limit Cancel-Job CUPS-Authenticate-Job>
    Require user @OWNER @SYSTEM
    Order deny,allow
  </Limit>
  <Limit All>
    Order deny,allow
  </Limit>
</Policy>
)";

// A receipt printer as far as cupsd needs to know: one page size, and (appended) one filter.
const char* const kPpd = R"PPD(*PPD-Adobe: "4.3"
*FormatVersion: "4.3"
*FileVersion: "1.0"
*LanguageVersion: English
*LanguageEncoding: ISOLatin1
*PCFileName: "HRCSLIP.PPD"
*Manufacturer: "hrc"
*Product: "(hrc test slip printer)"
*ModelName: "hrc test slip printer"
*ShortNickName: "hrc test slip printer"
*NickName: "hrc test slip printer, PDF unchanged to a file"
*PSVersion: "(3010.000) 0"
*LanguageLevel: "3"
*ColorDevice: False
*DefaultColorSpace: Gray
*FileSystem: False
*Throughput: "1"
*LandscapeOrientation: Plus90
*TTRasterizer: Type42
*OpenUI *PageSize/Media Size: PickOne
*OrderDependency: 10 AnySetup *PageSize
*DefaultPageSize: X80mm
*PageSize X80mm/80 mm roll: "<</PageSize[226.77 841.89]>>setpagedevice"
*CloseUI: *PageSize
*OpenUI *PageRegion/Media Size: PickOne
*OrderDependency: 10 AnySetup *PageRegion
*DefaultPageRegion: X80mm
*PageRegion X80mm/80 mm roll: "<</PageSize[226.77 841.89]>>setpagedevice"
*CloseUI: *PageRegion
*DefaultImageableArea: X80mm
*ImageableArea X80mm/80 mm roll: "0 0 226.77 841.89"
*DefaultPaperDimension: X80mm
*PaperDimension X80mm/80 mm roll: "226.77 841.89"
)PPD";

} // namespace

CupsdServer::CupsdServer(fs::path dir, std::string queue)
    : dir_(std::move(dir)), queue_(std::move(queue)) {
    const std::string cupsd = find_tool("cupsd");
    find_tool("lpadmin");
    for (const char* sub : {"etc", "spool", "spool/tmp", "cache", "state", "log", "out", "bin"})
        fs::create_directories(dir_ / sub);
    // cupsd as root runs filters as User lp: lp must reach the filter (bin/) and read the spooled
    // document (spool/), so every folder on the way is 0755 whatever the umask, and every folder
    // above dir_ gets search permission (x) for group and others where it lacks it. On a normal
    // machine that changes nothing above the test's own TempDir; a fresh Debian root made with
    // mktemp -d (fresh-debian-run, CI) has "/" itself at 0700, and there every job "stopped" with
    // "execv failed: Permission denied" for the filter. Only x is ever added, nothing removed.
    const auto rwx_r_x = fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                         fs::perms::others_read | fs::perms::others_exec;
    fs::permissions(dir_, rwx_r_x);
    for (const char* sub : {"etc", "spool", "spool/tmp", "cache", "state", "log", "out", "bin"})
        fs::permissions(dir_ / sub, rwx_r_x);
    const auto search = fs::perms::group_exec | fs::perms::others_exec;
    for (fs::path up = fs::weakly_canonical(dir_).parent_path();; up = up.parent_path()) {
        std::error_code ec;
        if ((fs::status(up, ec).permissions() & search) != search)
            fs::permissions(up, search, fs::perm_options::add, ec);
        if (up == up.root_path() || up.empty()) break;
    }
    write_text(output_file(), "");
    // The pass-through filter and the PPD that names it (see the header: a raw file: queue would
    // never write). Root-owned and not writable by others, or cupsd (as root) will not run it.
    write_text(dir_ / "bin/passthrough",
               "#!/bin/sh\n# A CUPS filter: job user title copies options [file]. Copies the "
               "document unchanged.\n"
               "if [ -n \"$6\" ]; then exec cat \"$6\"; else exec cat; fi\n");
    fs::permissions(dir_ / "bin/passthrough", fs::perms::owner_all | fs::perms::group_read |
                                                  fs::perms::group_exec | fs::perms::others_read |
                                                  fs::perms::others_exec);
    write_text(ppd(), std::string(kPpd) +
                          "*cupsFilter2: \"application/pdf application/vnd.hrc-slip 0 " +
                          (dir_ / "bin/passthrough").string() + "\"\n");
    fs::permissions(output_file(), fs::perms::owner_read | fs::perms::owner_write);

    const std::string d = dir_.string();
    write_text(dir_ / "etc/cups-files.conf",
               "ServerRoot " + d + "/etc\n" + "RequestRoot " + d + "/spool\n" + "TempDir " + d +
                   "/spool/tmp\n" + "CacheDir " + d + "/cache\n" + "StateDir " + d + "/state\n" +
                   "AccessLog " + d + "/log/access_log\n" + "ErrorLog " + d + "/log/error_log\n" +
                   "PageLog " + d + "/log/page_log\n" + "Printcap " + d + "/state/printcap\n" +
                   "FileDevice Yes\n" + "SystemGroup " + system_group() + "\n" + "PeerCred on\n");
    write_text(dir_ / "etc/cupsd.conf",
               "LogLevel debug\n"
               "Listen " +
                   socket() +
                   "\n"
                   "Browsing No\n"
                   "BrowseLocalProtocols none\n"
                   "WebInterface No\n"
                   "DefaultAuthType Basic\n"
                   // What a careless deployment keeps: the kiosk's purge must remove both.
                   "PreserveJobHistory Yes\n"
                   "PreserveJobFiles Yes\n"
                   "ErrorPolicy stop-printer\n"
                   "<Location />\n  Order allow,deny\n  Allow all\n</Location>\n"
                   "<Location /admin>\n  Order allow,deny\n  Allow all\n</Location>\n" +
                   kPolicy);

    cupsd_ =
        std::make_unique<Process>(std::vector<std::string>{cupsd, "-f", "-c", d + "/etc/cupsd.conf",
                                                           "-s", d + "/etc/cups-files.conf"},
                                  (dir_ / "log/cupsd.stderr").string());
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (!socket_answers(socket())) {
        if (!cupsd_->running() || std::chrono::steady_clock::now() > deadline)
            throw std::runtime_error(
                "cupsd did not start on " + socket() + " within 20 s. Its stderr:\n" +
                tail_of(dir_ / "log/cupsd.stderr") + "\nIts error log:\n" + tail_of(error_log()));
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    add_queue(queue_, "file://" + output_file().string());
}

CupsdServer::~CupsdServer() {
    if (cupsd_) cupsd_->stop(SIGTERM);
}

std::string CupsdServer::socket() const {
    return (dir_ / "cups.sock").string();
}

std::string CupsdServer::queue() const {
    return queue_;
}

fs::path CupsdServer::output_file() const {
    return dir_ / "out/slip.pdf";
}

void CupsdServer::clear_output() const {
    fs::resize_file(output_file(), 0);
}

fs::path CupsdServer::spool_dir() const {
    return dir_ / "spool";
}

fs::path CupsdServer::ppd() const {
    return dir_ / "etc/hrc-slip.ppd";
}

fs::path CupsdServer::error_log() const {
    return dir_ / "log/error_log";
}

std::vector<fs::path> CupsdServer::spool_files() const {
    std::vector<fs::path> found;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(spool_dir(), ec)) {
        const std::string name = entry.path().filename().string();
        if (entry.is_regular_file() && name.size() > 1 && (name[0] == 'c' || name[0] == 'd') &&
            std::isdigit(static_cast<unsigned char>(name[1])))
            found.push_back(entry.path());
    }
    return found;
}

void CupsdServer::run_client(const std::vector<std::string>& argv) const {
    const RunResult r =
        run_command(argv, (dir_ / "log/clients.log").string(), {}, std::chrono::seconds(20));
    if (r.code != 0) {
        std::string cmd;
        for (const std::string& a : argv)
            cmd += a + " ";
        throw std::runtime_error(cmd + "failed (" + std::to_string(r.code) + "):\n" +
                                 tail_of(dir_ / "log/clients.log", 1000));
    }
}

void CupsdServer::add_queue(const std::string& name, const std::string& device_uri,
                            const std::vector<std::string>& options) const {
    std::vector<std::string> argv{find_tool("lpadmin"), "-h", socket(),      "-p", name, "-E", "-v",
                                  device_uri,           "-P", ppd().string()};
    argv.insert(argv.end(), options.begin(), options.end());
    run_client(argv);
}

void CupsdServer::stop_queue() const {
    run_client({find_tool("cupsdisable"), "-h", socket(), queue_});
}

void CupsdServer::start_queue() const {
    run_client({find_tool("cupsenable"), "-h", socket(), queue_});
}

void CupsdServer::set_state_reasons(const std::string& reasons) const {
    run_client({find_tool("lpadmin"), "-h", socket(), "-p", queue_, "-o",
                "printer-state-reasons=" + reasons});
}

bool CupsdServer::running() const {
    return cupsd_ && cupsd_->running();
}

void CupsdServer::kill() {
    if (!cupsd_ || !cupsd_->running()) return;
    if (cupsd_->stop(SIGTERM) == 1000) cupsd_->wait_exit(std::chrono::seconds(5));
}

} // namespace hrc_test
