// SPDX-License-Identifier: GPL-3.0-or-later
#include "lib/sync.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <functional>
#include <map>
#include <optional>
#include <vector>

#include "lib/journal.h"
#include "lib/random_id.h"

namespace move {

namespace fs = std::filesystem;

namespace {

/// Lines read at a time from a journal: bounded memory for any size.
constexpr std::size_t kChunk = 1 << 20;

std::string why(const fs::path& p, int err) { return p.string() + ": " + std::strerror(err); }

struct Fd {
  int fd = -1;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

/// Reads [from, from + n) of fd; fewer bytes at the end of the file.
std::string read_at(int fd, const fs::path& file, std::int64_t from, std::size_t n) {
  std::string buf(n, '\0');
  std::size_t got = 0;
  while (got < n) {
    const ssize_t r = ::pread(fd, buf.data() + got, n - got, static_cast<off_t>(from) + static_cast<off_t>(got));
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) throw SyncError("cannot read " + why(file, errno));
    if (r == 0) break;
    got += static_cast<std::size_t>(r);
  }
  buf.resize(got);
  return buf;
}

/// A "\n"-ended line of a journal and its length with the "\n"; nullopt for
/// a line over kJournalLineMax bytes, dropped as it came.
using OnLine = std::function<void(std::optional<std::string_view> line, std::int64_t bytes)>;

/// Calls on_line for each "\n"-ended line of fd from `offset` on, a chunk at a
/// time: bounded memory for any size. Returns the length of an unended last
/// line (0: the file ends with "\n").
std::int64_t each_line(int fd, const fs::path& file, std::int64_t offset, const OnLine& on_line) {
  std::string rest;
  std::int64_t skipping = 0;  // bytes of a line too long to keep, dropped so far
  for (;;) {
    std::string chunk = read_at(fd, file, offset, kChunk);
    if (chunk.empty()) break;
    offset += static_cast<std::int64_t>(chunk.size());
    rest += chunk;
    std::size_t start = 0;
    for (std::size_t nl; (nl = rest.find('\n', start)) != std::string::npos; start = nl + 1) {
      const std::int64_t bytes = skipping + static_cast<std::int64_t>(nl - start + 1);
      if (skipping > 0) {
        skipping = 0;
        on_line(std::nullopt, bytes);
      } else {
        on_line(std::string_view(rest).substr(start, nl - start), bytes);
      }
    }
    rest.erase(0, start);
    if (rest.size() > kJournalLineMax) {  // not a line this move would ever write: drop it as it comes
      skipping += static_cast<std::int64_t>(rest.size());
      rest.clear();
    }
  }
  return skipping + static_cast<std::int64_t>(rest.size());
}

void write_all(int fd, const fs::path& file, const std::string& text) {
  // O_APPEND: one write(2) puts the whole line at the end. A short write
  // (a full disk) leaves a partial line that readers skip as invalid once
  // the next line's "\n" ends it.
  const ssize_t n = ::write(fd, text.data(), text.size());
  if (n < 0) throw SyncError("cannot write " + why(file, errno));
  if (static_cast<std::size_t>(n) != text.size())
    throw SyncError("cannot write " + file.string() + ": only " + std::to_string(n) + " of " +
                    std::to_string(text.size()) + " bytes written (is the disk full?)");
}

}  // namespace

bool journal_name(const std::string& name, const std::string& own_host) {
  constexpr std::string_view kSuffix = ".jsonl";
  if (!name.ends_with(kSuffix)) return false;
  const std::string_view stem(name.data(), name.size() - kSuffix.size());
  return valid_host_id(stem) && stem != own_host;
}

Sync::Sync(fs::path dir, Host self) : dir_(std::move(dir)), self_(std::move(self)) {}

void Sync::load_own(History& history) {
  const fs::path file = own_journal();
  Fd in{::open(file.c_str(), O_RDONLY | O_CLOEXEC)};
  if (in.fd < 0) {
    if (errno == ENOENT) {
      loaded_ = true;  // sync turned on here: the whole shareable history goes out
      return;
    }
    throw SyncError("cannot read " + why(file, errno));
  }
  const std::int64_t unended = each_line(in.fd, file, 0, [&](std::optional<std::string_view> line, std::int64_t) {
    if (!line) return;
    try {
      const JournalEntry entry = parse_journal_line(*line);
      seq_ = std::max(seq_, entry.seq);
      if (auto e = history.find_uuid(entry.uuid); e && !e->host) written_ = std::max(written_, e->id);
    } catch (const JournalError&) {
      // a line cut short by a crash; the next one starts on a line of its own
    }
  });
  if (unended > 0) {
    // A last line without its "\n" (a crash mid-write): end it, so that it
    // stays one invalid line and the next line starts on its own.
    Fd out{::open(file.c_str(), O_WRONLY | O_APPEND | O_CLOEXEC)};
    if (out.fd < 0) throw SyncError("cannot write " + why(file, errno));
    write_all(out.fd, file, "\n");
  }
  loaded_ = true;
}

std::int64_t Sync::publish(History& history, Instant now) {
  if (!loaded_) load_own(history);
  std::vector<Event> events = history.local_shared_after(written_, 1000);
  if (events.empty()) return 0;
  const fs::path file = own_journal();
  struct stat st {};
  if (::stat(dir_.c_str(), &st) != 0) throw SyncError("cannot write to the sync folder " + why(dir_, errno));
  Fd out{::open(file.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644)};
  if (out.fd < 0) throw SyncError("cannot write " + why(file, errno));
  std::int64_t lines = 0;
  while (!events.empty()) {
    // The uuids are committed before any line carries them: a line in the
    // journal always names an event the history keeps under that uuid.
    if (std::any_of(events.begin(), events.end(), [](const Event& e) { return !e.uuid; })) {
      History::Batch batch(history);
      for (Event& e : events)
        if (!e.uuid) {
          e.uuid = random_uuid();
          history.set_uuid(e.id, *e.uuid);
        }
      batch.commit();
    }
    for (Event& e : events) {
      JournalEntry entry{*e.uuid, self_.id, self_.name, seq_ + 1, now, e};
      write_all(out.fd, file, journal_line(entry));
      ++seq_;
      ++lines;
      written_ = e.id;
    }
    events = history.local_shared_after(written_, 1000);
  }
  if (::fdatasync(out.fd) != 0) throw SyncError("cannot flush " + why(file, errno));
  return lines;
}

Sync::Imported Sync::import(History& history, const std::function<void(const Event&)>& record,
                            const std::function<void(const std::string&)>& warn) {
  std::map<std::string, History::SyncFile> known;
  for (History::SyncFile& f : history.sync_files()) known.emplace(f.name, std::move(f));

  std::vector<std::string> names;
  std::error_code ec;
  for (fs::directory_iterator it(dir_, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (journal_name(name, self_.id)) names.push_back(name);
  }
  if (ec) throw SyncError("cannot list the sync folder " + dir_.string() + ": " + ec.message());
  std::sort(names.begin(), names.end());

  Imported done;
  for (const std::string& name : names) {
    const fs::path file = dir_ / name;
    Fd in{::open(file.c_str(), O_RDONLY | O_CLOEXEC)};
    struct stat st {};
    if (in.fd < 0 || ::fstat(in.fd, &st) != 0 || !S_ISREG(st.st_mode)) continue;  // gone again, or not a file
    const std::string host(name.substr(0, name.size() - 6));
    History::SyncFile pos;
    if (auto it = known.find(name); it != known.end()) pos = it->second;
    pos.name = name;
    pos.host = host;
    const auto inode = static_cast<std::uint64_t>(st.st_ino);
    bool restart = st.st_size < pos.offset;
    if (!restart && inode != pos.inode && pos.offset > 0) {
      // Syncthing replaces the file on every change: the same journal if
      // the line that ended where we stopped is still there.
      const std::int64_t back = std::min<std::int64_t>(pos.offset, kJournalLineMax + 1);
      const std::string tail = read_at(in.fd, file, pos.offset - back, static_cast<std::size_t>(back));
      bool same = false;
      if (tail.size() == static_cast<std::size_t>(back) && tail.ends_with('\n')) {
        std::string_view last(tail);
        last.remove_suffix(1);
        if (const std::size_t b = last.find_last_of('\n'); b != std::string_view::npos) last.remove_prefix(b + 1);
        try {
          same = parse_journal_line(last).uuid == pos.last_uuid;
        } catch (const JournalError&) {
          same = pos.last_uuid.empty();
        }
      }
      restart = !same;
    }
    if (restart) {
      if (pos.offset > 0) warn("sync: " + name + " shrank or was replaced: reading it again from the start");
      pos.offset = 0;
      pos.line = 0;
      pos.last_uuid.clear();
    }
    const bool same_file = inode == pos.inode;
    pos.inode = inode;
    if (st.st_size == pos.offset && known.contains(name) && !restart) {
      if (!same_file) history.save_sync_file(pos);  // the same journal in a new file: known by its inode next time
      continue;
    }

    each_line(in.fd, file, pos.offset, [&](std::optional<std::string_view> line, std::int64_t bytes) {
      ++pos.line;
      pos.offset += bytes;
      if (!line) {
        ++done.invalid;
        pos.last_uuid.clear();
        warn("sync: " + name + " line " + std::to_string(pos.line) + ": longer than " +
             std::to_string(kJournalLineMax) + " bytes; skipped");
        return;
      }
      if (line->empty()) return;
      try {
        JournalEntry entry = parse_journal_line(*line);
        if (entry.host != host) throw JournalError("written by host " + entry.host + ", not by the file's own host");
        pos.last_uuid = entry.uuid;
        pos.seq = std::max(pos.seq, entry.seq);
        pos.host_name = entry.host_name;
        if (!pos.recorded || *pos.recorded < entry.recorded) pos.recorded = entry.recorded;
        if (history.find_uuid(entry.uuid)) {
          ++done.duplicates;
          return;
        }
        record(entry.event);
        ++pos.events;
        ++done.recorded;
      } catch (const JournalError& e) {
        ++done.invalid;
        pos.last_uuid.clear();
        warn("sync: " + name + " line " + std::to_string(pos.line) + ": " + e.what() + "; skipped");
      }
    });
    history.save_sync_file(pos);
  }
  return done;
}

}  // namespace move
