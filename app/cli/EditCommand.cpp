// `stillpoint edit [PROGRAM.toml]`: the program editor, in a window in the operator panel's look. A file
// that exists is opened; one that does not is made from a route template and saved there.
#include <cstdio>
#include <filesystem>
#include <map>
#include <memory>
#include <string>

#include "cli/Commands.h"
#include "cli/WindowMessage.h"
#include "config/MachineConfig.h"
#include "editor/EditorChecker.h"
#include "editor/EditorModel.h"
#include "editor/EditorWindow.h"
#include "editor/ListenPlayer.h"
#include "editor/MusicLibrary.h"
#include "panel/PanelWindow.h"

namespace stillpoint::cli {

namespace {

namespace fs = std::filesystem;

const std::map<std::string, editor::ProgramTemplate> kTemplates{
    {"iv", editor::ProgramTemplate::IvInfusion40},
    {"im", editor::ProgramTemplate::Im60},
    {"sublingual", editor::ProgramTemplate::Sublingual90},
    {"intranasal", editor::ProgramTemplate::IntranasalEsketamine120},
    {"oral", editor::ProgramTemplate::Oral},
    {"blank", editor::ProgramTemplate::Blank},
};

// Listening plays on the machine configuration's preview output, else on the default device.
editor::ListenOptions listenOptions() {
    const auto read = config::readMachineConfig(config::defaultMachineConfigFile());
    for (const auto& problem : read.problems)
        std::fprintf(stderr, "%s\n", program::formatProblem(problem).c_str());
    if (!read.config) {
        std::fprintf(stderr,
                     "stillpoint edit: listening plays on the default output until the file is fixed\n");
        return {};
    }
    return editor::ListenOptions::fromMachineConfig(*read.config);
}

int runEditor(editor::EditorModel& model, const fs::path& suggestedFile) {
    std::unique_ptr<panel::PanelWindow> window;
    try {
        window =
            std::make_unique<panel::PanelWindow>(panel::PanelWindowOptions{"Stillpoint: program editor"});
    } catch (const std::exception& error) {
        tellOperator(false, "Stillpoint",
                     std::string("stillpoint edit: ") + error.what() +
                         "\nThe editor needs a display (run it on the desktop).");
        return kExitProblems;
    }
    editor::EditorWindow view(model, window->fonts());
    view.setSuggestedFile(suggestedFile);
    editor::EditorChecker checker;
    editor::MusicLibrary library;
    view.setLibrary(&library);
    editor::ListenPlayer listen(listenOptions());
    view.setListenPlayer(&listen);
    window->setOwnKeys([&](const SDL_KeyboardEvent& key) { return view.handleKey(key); });
    int framesToDraw = 2;
    std::uint64_t shownRevision = 0;
    bool wasChecking = false;
    while (true) {
        bool hadInput = false;
        const bool open = window->waitForEvents(200, [&](const SDL_Event& event, bool) {
            hadInput = true;
            view.handleEvent(event);
        });
        if (!open) {
            if (view.requestClose()) break;
            window->cancelClose();
        }
        view.pumpChecks(checker);
        const bool checking =
            checker.progress().running || library.poll() || library.progress().scanning || view.working();
        // Redraw on input, on a change, and while a check runs (its progress) or has just finished.
        if (hadInput || model.revision() != shownRevision || checking || wasChecking) framesToDraw = 2;
        // Input held back is the next frame's: draw one and take it, as the panel does (two frames for
        // each would let a burst of typing fall further and further behind the keyboard).
        if (window->inputWaiting()) framesToDraw = 1;
        wasChecking = checking;
        shownRevision = model.revision();
        for (; framesToDraw > 0; --framesToDraw) window->renderFrame([&] { view.draw(); });
        if (view.closeConfirmed()) break;
    }
    return kExitOk;
}

}  // namespace

void addEditCommand(CLI::App& app, int& exitCode) {
    auto* command = app.add_subcommand(
        "edit",
        "Edit a program in a window: phases, tracks, alternates, grounding, with problems shown as you go");
    struct Options {
        std::string program;
        std::string start = "sublingual";
    };
    auto options = std::make_shared<Options>();
    command->add_option(
        "PROGRAM", options->program,
        "Program file (.toml) to open; one that does not exist yet is made from --template and "
        "saved there");
    command
        ->add_option(
            "--template", options->start,
            "Phase plan of a new program: iv (infusion, 40 min), im (60 min), sublingual (90 min, the "
            "default), intranasal (esketamine, 120 min), oral (2 h) or blank (one phase)")
        ->check(CLI::IsMember({"iv", "im", "sublingual", "intranasal", "oral", "blank"}));
    command->footer(
        "Keys: Ctrl+S saves, Ctrl+Z undoes, Ctrl+Y redoes; F6 moves between the columns, Tab between the "
        "fields of one, the arrows between its buttons. Audio files dropped on the window join the chosen "
        "phase. Listen plays a track, or a phase change, on [outputs.preview] of the machine configuration "
        "(else the default output). Comments above the file, the grounding track, each phase and each track "
        "are kept; before a save would lose others the editor asks.");
    command->callback([options, &exitCode] {
        const fs::path file = options->program.empty() ? fs::path() : fs::absolute(options->program);
        std::error_code error;
        std::optional<editor::EditorModel> model;
        if (!file.empty() && fs::exists(file, error)) {
            auto opened = editor::EditorModel::open(file);
            if (!opened.model) {
                for (const auto& problem : opened.problems)
                    std::fprintf(stderr, "%s\n", program::formatProblem(problem).c_str());
                std::fprintf(stderr,
                             "stillpoint edit: %s cannot be opened as a program; fix the lines above in a "
                             "text editor first\n",
                             file.c_str());
                exitCode = kExitProblems;
                return;
            }
            model = std::move(opened.model);
        } else {
            model.emplace(kTemplates.at(options->start));
        }
        exitCode = runEditor(*model, file);
    });
}

}  // namespace stillpoint::cli
