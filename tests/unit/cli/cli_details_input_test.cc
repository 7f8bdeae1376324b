// Contact details that never pass through the command line (tvault #12,
// "Safe input"): `witness add --details-file FILE|-`, and the prompts on a
// terminal. Fail before this commit: --details-file was an unknown option,
// and without --name the command refused on a terminal too.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <signal.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

#include "support/audit_events.h"
#include "support/cli_runner.h"
#include "support/interactive.h"

namespace tvault::testing {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// Values no other text in the test run contains.
const std::string kName = "Zubaida Qx7 Name";
const std::string kPhone = "+44 20 7946 0917";
const std::string kAddress = "Qx7 Hidden Road 12";

const std::string kDetails = R"({"name": ")" + kName + R"(", "aliases": ["Umm Qx7"], "phone": ")" +
                             kPhone + R"(", "address": ")" + kAddress + R"("})";

json Show(const CliVault& v, const std::string& id) {
  return json::parse(v.Run({"--json", "witness", "show", id}).out);
}

std::size_t WitnessCount(const CliVault& v) {
  return json::parse(v.Run({"--json", "witness", "list"}).out).size();
}

void ExpectStored(const CliVault& v, const std::string& id) {
  const json w = Show(v, id);
  EXPECT_EQ(w["name"], kName);
  EXPECT_EQ(w["aliases"], json::array({"Umm Qx7"}));
  EXPECT_EQ(w["phone"], kPhone);
  EXPECT_EQ(w["address"], kAddress);
  EXPECT_EQ(w["email"], "");
}

TEST(CliDetailsFile, AddsTheWitnessFromAFileAndFromStandardInput) {
  CliVault v;
  const fs::path file = v.WriteFile("details.json", kDetails);
  RunResult r = v.Run({"witness", "add", "--details-file", file.string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ExpectStored(v, Trim(r.out));

  RunResult piped = v.Run({"witness", "add", "--details-file", "-"}, kDetails);
  ASSERT_EQ(piped.exit_code, 0) << piped.err;
  ExpectStored(v, Trim(piped.out));

  // What `witness show --json` prints can be given back as it is.
  const fs::path shown = v.WriteFile("shown.json", v.Run({"--json", "witness", "show",
                                                          Trim(r.out)}).out);
  RunResult again = v.Run({"witness", "add", "--details-file", shown.string()});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_NE(Trim(again.out), Trim(r.out));
  ExpectStored(v, Trim(again.out));
}

TEST(CliDetailsFile, BadInputIsOneLineExitTwoBeforeThePassphrase) {
  CliVault v;
  // A passphrase file that does not exist: reaching the unlock would fail
  // differently (and count nothing), so exit 2 proves the check came first.
  const std::string no_pass = (v.root() / "no-such-pass").string();
  auto add = [&](std::vector<std::string> args, const std::string& input = "") {
    std::vector<std::string> full = {"--vault", v.dir().string(), "--passphrase-file", no_pass,
                                     "witness", "add"};
    full.insert(full.end(), args.begin(), args.end());
    return RunTvault(full, input);
  };
  struct Case {
    std::string content, says;
  };
  const std::vector<Case> cases = {
      {"{\"name\": \"Qx7\", \"phnoe\": \"1\"}", "unknown key \"phnoe\""},
      {"{\"name\": 7}", "\"name\" must be a string"},
      {"{\"name\": \"Qx7\", \"name\": \"Qx7\"}", "a key appears twice"},
      {"{\"name\": \"Qx7\xff\"}", "not valid JSON"},
      {"{\"phone\": \"Qx7\"}", "\"name\" is missing or empty"},
      {"{\"name\": \"\"}", "\"name\" is missing or empty"},
      {"{\"name\": \"Qx7\", \"aliases\": \"Qx7\"}", "\"aliases\" must be an array of strings"},
      {"{\"name\": \"Qx7\"", "not valid JSON"},
      {"{\"name\": \"N\", \"notes\": \"" + std::string(70000, 'x') + "\"}", "larger than 64 KiB"},
  };
  for (const Case& c : cases) {
    const fs::path file = v.WriteFile("bad.json", c.content);
    for (RunResult r : {add({"--details-file", file.string()}),
                        add({"--details-file", "-"}, c.content)}) {
      EXPECT_EQ(r.exit_code, 2) << c.says << ": " << r.err;
      EXPECT_TRUE(Has(r.err, "contact details in ")) << r.err;
      EXPECT_TRUE(Has(r.err, c.says)) << r.err;
      EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
      EXPECT_FALSE(Has(r.err, "Qx7")) << "a value in the error: " << r.err;
    }
  }
  RunResult missing = add({"--details-file", (v.root() / "nowhere.json").string()});
  EXPECT_EQ(missing.exit_code, 1) << missing.err;
  EXPECT_TRUE(Has(missing.err, "nowhere.json does not exist")) << missing.err;

  const fs::path good = v.WriteFile("good.json", kDetails);
  RunResult both = add({"--details-file", good.string(), "--phone", "1"});
  EXPECT_EQ(both.exit_code, 2) << both.err;
  EXPECT_TRUE(Has(both.err, "--details-file cannot be combined with")) << both.err;
  RunResult bad_case = add({"--details-file", good.string(), "--case", "C-1"});
  EXPECT_EQ(bad_case.exit_code, 2) << bad_case.err;

  EXPECT_FALSE(fs::exists(v.dir() / "unlock-failures"));
  EXPECT_EQ(WitnessCount(v), 0u);
  EXPECT_EQ(CountEvents(v, "witness.add"), 0u);
}

TEST(CliDetailsFile, WithoutATerminalTheNameIsStillRequired) {
  CliVault v;
  RunResult r = v.Run({"witness", "add"});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_EQ(r.err, "tvault: error: --name is required (see `tvault --help`)\n");
  RunResult phone_only = v.Run({"witness", "add", "--phone", "1"});
  EXPECT_EQ(phone_only.exit_code, 2) << phone_only.err;
  EXPECT_TRUE(Has(phone_only.err, "--name is required")) << phone_only.err;
  EXPECT_EQ(WitnessCount(v), 0u);
}

TEST(CliDetailsFile, OptionHelpWarnsOfShellHistory) {
  RunResult help = RunTvault({"witness", "add", "--help"});
  EXPECT_EQ(help.exit_code, 0);
  for (const char* opt : {"--name", "--alias", "--phone", "--email", "--address", "--relatives",
                          "--notes"}) {
    const std::size_t at = help.out.find(std::string("  ") + opt);
    ASSERT_NE(at, std::string::npos) << opt;
    const std::string line = help.out.substr(at, help.out.find('\n', at) - at);
    EXPECT_TRUE(Has(line, "shell history")) << line;
  }
  EXPECT_TRUE(Has(help.out, "--details-file")) << help.out;
}

TEST(CliDetailsPrompt, AsksForEachFieldOnATerminal) {
  ASSERT_TRUE(HaveProgram("script")) << "needs script(1) (bsdutils)";
  CliVault v;
  const std::string typed = "\n" + kName + "\n Umm Qx7 , \n" + kPhone + "\n\n" + kAddress +
                            "\n\n\n";
  RunResult r = RunOnTerminal(v.Argv({"witness", "add"}),
                           typed);
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  // The pseudo-terminal echoes what is typed, perhaps before the prompts:
  // look for each prompt, and for the name asked twice (the first was empty).
  std::size_t names = 0;
  for (std::size_t at = r.out.find("Name: "); at != std::string::npos;
       at = r.out.find("Name: ", at + 1)) {
    ++names;
  }
  EXPECT_EQ(names, 2u) << r.out;
  for (const char* prompt : {"Aliases (comma-separated, empty for none): ",
                             "Phone: ", "Email: ", "Address: ", "Relatives at risk: ", "Notes: "}) {
    EXPECT_TRUE(Has(r.out, prompt)) << prompt << "\n" << r.out;
  }
  const std::string id = Trim(r.out.substr(r.out.rfind("W-")));
  ExpectStored(v, id);

  // End of input before the last field stores nothing.
  // (Ctrl-D at the start of a line is the end of input on a terminal.)
  RunResult cut = RunOnTerminal(v.Argv({"witness", "add"}),
                             "Qx7\n\x04");
  EXPECT_EQ(cut.exit_code, 1) << cut.out;
  EXPECT_TRUE(Has(cut.out, "witness add cancelled: input ended; nothing was stored")) << cut.out;
  EXPECT_EQ(WitnessCount(v), 1u);
}

// ---------------------------------------------- nothing in argv or environ

// Holds the vault's lock as a writer does, so that a tvault started now
// waits (--wait) with the details it has read.
class HeldLock {
 public:
  explicit HeldLock(const CliVault& v) {
    fd_ = ::open((v.dir() / "vault.lock").c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    locked_ = fd_ >= 0 && ::flock(fd_, LOCK_EX) == 0;
  }
  ~HeldLock() { Release(); }
  bool locked() const { return locked_; }
  void Release() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

 private:
  int fd_ = -1;
  bool locked_ = false;
};

std::string ReadProc(pid_t pid, const char* what) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/" + what, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Whether `pid` has the vault's lock file open: it has read its details and
// is waiting for the lock.
bool WaitsForLock(pid_t pid) {
  std::error_code ec;
  for (const auto& e : fs::directory_iterator("/proc/" + std::to_string(pid) + "/fd", ec)) {
    if (fs::read_symlink(e.path(), ec).filename() == "vault.lock") return true;
  }
  return false;
}

// The tvault child of `parent` (script's child is the shell that execs it).
pid_t TvaultChildOf(pid_t parent) {
  std::error_code ec;
  for (const auto& e : fs::directory_iterator("/proc", ec)) {
    const std::string name = e.path().filename();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    const std::string stat = ReadProc(std::stoi(name), "stat");
    const std::size_t close = stat.rfind(')');
    if (close == std::string::npos || !Has(stat, "(tvault)")) continue;
    std::istringstream rest(stat.substr(close + 2));
    char state = 0;
    pid_t ppid = 0;
    rest >> state >> ppid;
    if (ppid == parent) return std::stoi(name);
  }
  return -1;
}

// Polls `ready` for up to 20 s.
template <typename F>
bool Eventually(F ready) {
  for (int i = 0; i < 400; ++i) {
    if (ready()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return false;
}

void ExpectNoContactIn(pid_t pid) {
  for (const char* what : {"cmdline", "environ"}) {
    const std::string text = ReadProc(pid, what);
    EXPECT_FALSE(text.empty()) << what;
    for (const std::string& value : {kName, kPhone, kAddress, std::string("Qx7")}) {
      EXPECT_FALSE(Has(text, value)) << value << " in /proc/PID/" << what;
    }
  }
}

TEST(CliDetailsNoTrace, NoContactInArgvOrEnvironWithADetailsFile) {
  CliVault v;
  const fs::path file = v.WriteFile("details.json", kDetails);
  HeldLock lock(v);
  ASSERT_TRUE(lock.locked());
  const pid_t pid = StartTvault(v.Args({"--wait", "30", "witness", "add", "--details-file",
                                        file.string()}));
  ASSERT_GT(pid, 0);
  const bool waiting = Eventually([&] { return WaitsForLock(pid); });
  EXPECT_TRUE(waiting) << "tvault never reached the lock";
  if (waiting) ExpectNoContactIn(pid);
  lock.Release();
  EXPECT_EQ(WaitFor(pid).exit_code, 0);
  ASSERT_EQ(WitnessCount(v), 1u);
  ExpectStored(v, json::parse(v.Run({"--json", "witness", "list"}).out)[0]["id"]);
}

TEST(CliDetailsNoTrace, NoContactInArgvOrEnvironWhenAsked) {
  ASSERT_TRUE(HaveProgram("script")) << "needs script(1) (bsdutils)";
  CliVault v;
  HeldLock lock(v);
  ASSERT_TRUE(lock.locked());
  int in[2];
  ASSERT_EQ(::pipe(in), 0);
  const std::string cmd = TerminalCommand(v.Argv({"--wait", "30", "witness", "add"}));
  const pid_t script = ::fork();
  if (script == 0) {
    ::dup2(in[0], 0);
    const int null = ::open("/dev/null", O_WRONLY);
    ::dup2(null, 1);
    ::dup2(null, 2);
    ::close(in[0]);
    ::close(in[1]);
    ::execlp("script", "script", "-qec", cmd.c_str(), "/dev/null", static_cast<char*>(nullptr));
    ::_exit(127);
  }
  ASSERT_GT(script, 0);
  ::close(in[0]);
  const std::string typed = kName + "\nUmm Qx7\n" + kPhone + "\n\n" + kAddress + "\n\n\n";
  EXPECT_EQ(::write(in[1], typed.data(), typed.size()), static_cast<ssize_t>(typed.size()));
  pid_t pid = -1;
  const bool waiting = Eventually([&] {
    pid = TvaultChildOf(script);
    return pid > 0 && WaitsForLock(pid);
  });
  EXPECT_TRUE(waiting) << "tvault never reached the lock";
  if (waiting) ExpectNoContactIn(pid);
  lock.Release();
  ::close(in[1]);
  int status = 0;
  ::waitpid(script, &status, 0);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
  ASSERT_EQ(WitnessCount(v), 1u);
  ExpectStored(v, json::parse(v.Run({"--json", "witness", "list"}).out)[0]["id"]);
}

}  // namespace
}  // namespace tvault::testing
