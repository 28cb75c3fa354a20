#include "panel/model/OutputChoice.h"

#include <algorithm>
#include <exception>

#include "panel/model/PanelLayout.h"

namespace stillpoint::panel {

const char* toString(SetupOutput output) {
    switch (output) {
        case SetupOutput::Patient:
            return "patient";
        case SetupOutput::Room:
            return "room";
        case SetupOutput::Preview:
            return "preview";
    }
    return "patient";
}

const std::string& OutputDevices::of(SetupOutput output) const {
    return output == SetupOutput::Patient ? patient : output == SetupOutput::Room ? room : preview;
}

std::string& OutputDevices::of(SetupOutput output) {
    return output == SetupOutput::Patient ? patient : output == SetupOutput::Room ? room : preview;
}

OutputDevices chosenOutputs(const SessionSetup& setup) {
    return {setup.outputDevice, setup.roomOutputDevice, setup.previewOutputDevice};
}

OutputChoice::OutputChoice(std::vector<std::string> devices, OutputDevices saved, Save save,
                           std::string savedWhere)
    : devices_(std::move(devices)),
      saved_(std::move(saved)),
      save_(std::move(save)),
      savedWhere_(std::move(savedWhere)) {}

bool OutputChoice::connected(const std::string& device) const {
    // "null" (no sound) always opens: OpenAL Soft's null device, or a silent stand-in paced in real time
    // when OpenAL's backends do not offer it (LiveOutput), so it is never "not connected".
    return device.empty() || device == "null" ||
           std::find(devices_.begin(), devices_.end(), device) != devices_.end();
}

std::vector<OutputChoice::Entry> OutputChoice::entries(SetupOutput output, const SessionSetup& setup) const {
    std::vector<Entry> list;
    list.push_back({"", output == SetupOutput::Patient ? "System default" : "None"});
    const OutputDevices devices = chosenOutputs(setup);
    const std::string& chosen = devices.of(output);
    if (!connected(chosen))
        list.push_back({chosen, std::string(outputDeviceLabel(chosen.c_str())) + " (not connected)"});
    for (const auto& device : devices_) list.push_back({device, outputDeviceLabel(device.c_str())});
    return list;
}

std::string OutputChoice::label(SetupOutput output, const SessionSetup& setup) const {
    const OutputDevices devices = chosenOutputs(setup);
    const std::string& chosen = devices.of(output);
    for (const auto& entry : entries(output, setup))
        if (entry.device == chosen || (chosen == "null" && entry.device == "No Output")) return entry.label;
    return outputDeviceLabel(chosen.c_str());
}

std::vector<std::string> OutputChoice::warnings(const SessionSetup& setup) const {
    const OutputDevices chosen = chosenOutputs(setup);
    std::vector<std::string> said;
    // The null device plays nothing, so nobody hears what two outputs on it would share.
    const auto same = [](const std::string& a, const std::string& b) {
        const std::string label = outputDeviceLabel(a.c_str());
        return !a.empty() && label != outputDeviceLabel("null") && label == outputDeviceLabel(b.c_str());
    };
    if (same(chosen.room, chosen.patient))
        said.push_back("The room output is the patient's device: choose the room's speakers, or None.");
    if (same(chosen.preview, chosen.patient))
        said.push_back("The preview output is the patient's device: the patient would hear the previews.");
    else if (same(chosen.preview, chosen.room))
        said.push_back("The preview output is the room's speakers: the room would hear the previews.");
    for (const auto output : {SetupOutput::Patient, SetupOutput::Room, SetupOutput::Preview})
        if (!connected(chosen.of(output)))
            said.push_back(std::string("The ") + toString(output) + " output \"" + chosen.of(output) +
                           "\" is not connected.");
    return said;
}

bool OutputChoice::save(const SessionSetup& setup) {
    const OutputDevices chosen = chosenOutputs(setup);
    try {
        save_(chosen);
    } catch (const std::exception& error) {
        message_ = std::string("Not saved: ") + error.what();
        failed_ = true;
        return false;
    }
    saved_ = chosen;
    message_ = "Saved for this machine in " + savedWhere_;
    failed_ = false;
    return true;
}

}  // namespace stillpoint::panel
