// The outputs chosen on the setup screen: the patient's headphones, the room's speakers and the operator's
// own headphones for previews, each from the devices OpenAL lists, and "Save for this machine", which
// writes them into the machine configuration (config/MachineConfigWriter.h) so the next session starts
// with them. The choices themselves live in SessionSetup; this says what each list offers, what is unsafe
// about a choice, and whether it differs from what is saved.
//
// Threads: the control (UI) thread only.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "panel/model/OperatorRecord.h"

namespace stillpoint::panel {

enum class SetupOutput { Patient, Room, Preview };

// "patient", "room", "preview" (the machine configuration's table names).
const char* toString(SetupOutput output);

// The devices of the three outputs; empty: the system default (patient), none (room, preview).
struct OutputDevices {
    std::string patient;
    std::string room;
    std::string preview;
    const std::string& of(SetupOutput output) const;
    std::string& of(SetupOutput output);
    friend bool operator==(const OutputDevices&, const OutputDevices&) = default;
};

OutputDevices chosenOutputs(const SessionSetup& setup);

class OutputChoice {
public:
    // Writes the devices into the machine configuration; throws std::exception saying why it could not.
    using Save = std::function<void(const OutputDevices&)>;

    // `devices`: what OpenAL lists now; `saved`: what the machine configuration holds; `savedWhere`: its
    // file, as the operator is told it.
    OutputChoice(std::vector<std::string> devices, OutputDevices saved, Save save, std::string savedWhere);

    struct Entry {
        std::string device;  // what is chosen (empty: default / none)
        std::string label;   // what the list shows
    };
    // The first entry is "System default" (patient) or "None" (room, preview); a chosen device that is not
    // connected is listed too, marked so.
    std::vector<Entry> entries(SetupOutput output, const SessionSetup& setup) const;
    std::string label(SetupOutput output, const SessionSetup& setup) const;

    // What is unsafe or odd about the choice, e.g. the previews on the patient's device (the patient would
    // hear them), in the form's order; empty when there is nothing to say.
    std::vector<std::string> warnings(const SessionSetup& setup) const;

    // Whether the choice differs from what the machine configuration holds.
    bool unsaved(const SessionSetup& setup) const { return chosenOutputs(setup) != saved_; }
    // Saves the choice; the message then says where, or why it could not.
    bool save(const SessionSetup& setup);
    const std::string& saveMessage() const { return message_; }
    bool saveFailed() const { return failed_; }

private:
    bool connected(const std::string& device) const;

    std::vector<std::string> devices_;
    OutputDevices saved_;
    Save save_;
    std::string savedWhere_;
    std::string message_;
    bool failed_ = false;
};

}  // namespace stillpoint::panel
