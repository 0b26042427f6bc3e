Unicode true

####
## Please note: Template replacements don't work in this file. They are provided with default defines like
## mentioned underneath.
## If the keyword is not defined, "wails_tools.nsh" will populate them with the values from ProjectInfo.
## If they are defined here, "wails_tools.nsh" will not touch them. This allows to use this project.nsi manually
## from outside of Wails for debugging and development of the installer.
##
## For development first make a wails nsis build to populate the "wails_tools.nsh":
## > wails build --target windows/amd64 --nsis
## Then you can call makensis on this file with specifying the path to your binary:
## For a AMD64 only installer:
## > makensis -DARG_WAILS_AMD64_BINARY=..\..\bin\app.exe
## For a ARM64 only installer:
## > makensis -DARG_WAILS_ARM64_BINARY=..\..\bin\app.exe
## For a installer with both architectures:
## > makensis -DARG_WAILS_AMD64_BINARY=..\..\bin\app-amd64.exe -DARG_WAILS_ARM64_BINARY=..\..\bin\app-arm64.exe
####
## The following information is taken from the ProjectInfo file, but they can be overwritten here.
####
## !define INFO_PROJECTNAME    "MyProject" # Default "{{.Name}}"
## !define INFO_COMPANYNAME    "MyCompany" # Default "{{.Info.CompanyName}}"
## !define INFO_PRODUCTNAME    "MyProduct" # Default "{{.Info.ProductName}}"
## !define INFO_PRODUCTVERSION "1.0.0"     # Default "{{.Info.ProductVersion}}"
## !define INFO_COPYRIGHT      "Copyright" # Default "{{.Info.Copyright}}"
###
## !define PRODUCT_EXECUTABLE  "Application.exe"      # Default "${INFO_PROJECTNAME}.exe"
## !define UNINST_KEY_NAME     "UninstKeyInRegistry"  # Default "${INFO_COMPANYNAME}${INFO_PRODUCTNAME}"
####
## !define REQUEST_EXECUTION_LEVEL "admin"            # Default "admin"  see also https://nsis.sourceforge.io/Docs/Chapter4.html
####
## ShelfSync installs for the current user only: no administrator, no UAC
## prompt, under %LocalAppData%\Programs\ShelfSync (a merchant on a shop PC
## is often not an administrator). wails_tools.nsh reads these two: the
## Uninstall entry goes under HKCU, and the WebView2 runtime, when missing,
## is installed by Microsoft's bootstrapper run without elevation, which
## installs it for this user.
!define REQUEST_EXECUTION_LEVEL "user"
!define WAILS_INSTALL_SCOPE "user"
## The window build (GUI subsystem: no console, so it prints nothing in a
## terminal) and its console twin, the headless build linked for the console.
## Typing `shelfsync` in a terminal runs the .com (Windows tries .COM before
## .EXE, as `devenv` runs devenv.com beside devenv.exe); the Start menu runs
## the .exe.
!define PRODUCT_EXECUTABLE "shelfsync.exe"
!define CONSOLE_EXECUTABLE "shelfsync.com"
!ifndef ARG_SHELFSYNC_CONSOLE_BINARY
    !define ARG_SHELFSYNC_CONSOLE_BINARY "..\..\bin\shelfsync.com"
!endif
## The per-user list of programs Windows starts at login; the app writes its
## value when the merchant turns on "Start at login" (backend/desktop).
!define RUN_KEY "Software\Microsoft\Windows\CurrentVersion\Run"
!define RUN_VALUE "ShelfSync"
## Where the app keeps its data: os.UserConfigDir()\ShelfSync.
!define DATA_FOLDER "$APPDATA\ShelfSync"
####
## Include the wails tools
####
!include "wails_tools.nsh"
!include "LogicLib.nsh"
!include "WinMessages.nsh"
!include "StrFunc.nsh"
${StrStr}
${UnStrStr}
${UnStrRep}

# The version information for this two must consist of 4 parts
VIProductVersion "${INFO_PRODUCTVERSION}.0"
VIFileVersion    "${INFO_PRODUCTVERSION}.0"

VIAddVersionKey "CompanyName"     "${INFO_COMPANYNAME}"
VIAddVersionKey "FileDescription" "${INFO_PRODUCTNAME} Installer"
VIAddVersionKey "ProductVersion"  "${INFO_PRODUCTVERSION}"
VIAddVersionKey "FileVersion"     "${INFO_PRODUCTVERSION}"
VIAddVersionKey "LegalCopyright"  "${INFO_COPYRIGHT}"
VIAddVersionKey "ProductName"     "${INFO_PRODUCTNAME}"

# Enable HiDPI support. https://nsis.sourceforge.io/Reference/ManifestDPIAware
ManifestDPIAware true

!include "MUI.nsh"

!define MUI_ICON "..\icon.ico"
!define MUI_UNICON "..\icon.ico"
# !define MUI_WELCOMEFINISHPAGE_BITMAP "resources\leftimage.bmp" #Include this to add a bitmap on the left side of the Welcome Page. Must be a size of 164x314
!define MUI_FINISHPAGE_NOAUTOCLOSE # Wait on the INSTFILES page so the user can take a look into the details of the installation steps
!define MUI_ABORTWARNING # This will warn the user if they exit from the installer.

!insertmacro MUI_PAGE_WELCOME # Welcome to the installer page.
# !insertmacro MUI_PAGE_LICENSE "resources\eula.txt" # Adds a EULA page to the installer
!insertmacro MUI_PAGE_DIRECTORY # In which folder install page.
!insertmacro MUI_PAGE_INSTFILES # Installing page.
!insertmacro MUI_PAGE_FINISH # Finished installation page.

!insertmacro MUI_UNPAGE_COMPONENTS # Keep or delete the data folder
!insertmacro MUI_UNPAGE_INSTFILES # Uinstalling page

!insertmacro MUI_LANGUAGE "English" # Set the Language of the installer

## The following two statements can be used to sign the installer and the uninstaller. The path to the binaries are provided in %1
#!uninstfinalize 'signtool --file "%1"'
#!finalize 'signtool --file "%1"'

Name "${INFO_PRODUCTNAME}"
OutFile "..\..\bin\${INFO_PROJECTNAME}-${ARCH}-installer.exe" # Name of the installer's file.
InstallDir "$LOCALAPPDATA\Programs\${INFO_PRODUCTNAME}" # per user, see REQUEST_EXECUTION_LEVEL
ShowInstDetails show # This will always show the installation details.

Function .onInit
   !insertmacro wails.checkArchitecture
FunctionEnd

# The install folder on the user's PATH (HKCU\Environment), so `shelfsync`
# works in any new terminal. NSIS strings hold at most NSIS_MAX_STRLEN
# characters: a PATH that long cannot be read whole, and writing back a cut
# one would lose entries, so such a PATH is left alone with a sentence.
!define /math PATH_LIMIT ${NSIS_MAX_STRLEN} - 260 # the install folder and a separator must still fit
!define /math PATH_READ_LIMIT ${NSIS_MAX_STRLEN} - 1 # a PATH this long may have been cut

# Sets $1 to 1 when the user has a PATH value of their own.
!macro shelfsync.userPathExists
    StrCpy $1 0
    StrCpy $2 0
    ${Do}
        ClearErrors
        EnumRegValue $3 HKCU "Environment" $2
        ${If} ${Errors}
        ${OrIf} $3 == ""
            ${Break}
        ${EndIf}
        ${If} $3 == "Path" # LogicLib's == ignores case, as Windows does
            StrCpy $1 1
            ${Break}
        ${EndIf}
        IntOp $2 $2 + 1
    ${Loop}
!macroend

!macro shelfsync.addToUserPath
    !insertmacro shelfsync.userPathExists
    ReadRegStr $0 HKCU "Environment" "Path"
    StrLen $4 $0
    ${If} $1 == 1
    ${AndIf} $0 == ""
    ${OrIf} $4 > ${PATH_LIMIT}
        DetailPrint "Your PATH is too long for the installer to change: add $INSTDIR to it yourself to run shelfsync in a terminal."
    ${Else}
        ${StrStr} $5 ";$0;" ";$INSTDIR;"
        ${If} $5 == ""
            ${If} $0 == ""
                WriteRegExpandStr HKCU "Environment" "Path" "$INSTDIR"
            ${Else}
                WriteRegExpandStr HKCU "Environment" "Path" "$0;$INSTDIR"
            ${EndIf}
            SendMessage ${HWND_BROADCAST} ${WM_SETTINGCHANGE} 0 "STR:Environment" /TIMEOUT=5000
            DetailPrint "Added $INSTDIR to your PATH: open a new terminal to run shelfsync."
        ${EndIf}
    ${EndIf}
!macroend

!macro shelfsync.removeFromUserPath
    !insertmacro shelfsync.userPathExists
    ReadRegStr $0 HKCU "Environment" "Path"
    StrLen $4 $0
    ${If} $1 == 1
    ${AndIf} $4 < ${PATH_READ_LIMIT}
        ${UnStrStr} $5 ";$0;" ";$INSTDIR;"
        ${If} $5 != ""
            ${UnStrRep} $0 ";$0;" ";$INSTDIR;" ";"
            StrCpy $0 $0 "" 1 # the ; added in front
            StrCpy $0 $0 -1   # and behind
            ${If} $0 == ""
                DeleteRegValue HKCU "Environment" "Path"
            ${Else}
                WriteRegExpandStr HKCU "Environment" "Path" "$0"
            ${EndIf}
            SendMessage ${HWND_BROADCAST} ${WM_SETTINGCHANGE} 0 "STR:Environment" /TIMEOUT=5000
        ${EndIf}
    ${EndIf}
!macroend

Section
    !insertmacro wails.setShellContext

    !insertmacro wails.webview2runtime

    SetOutPath $INSTDIR

    !insertmacro wails.files
    File "/oname=${CONSOLE_EXECUTABLE}" "${ARG_SHELFSYNC_CONSOLE_BINARY}"
    !insertmacro shelfsync.addToUserPath

    CreateShortcut "$SMPROGRAMS\${INFO_PRODUCTNAME}.lnk" "$INSTDIR\${PRODUCT_EXECUTABLE}"
    CreateShortCut "$DESKTOP\${INFO_PRODUCTNAME}.lnk" "$INSTDIR\${PRODUCT_EXECUTABLE}"

    !insertmacro wails.associateFiles
    !insertmacro wails.associateCustomProtocols

    !insertmacro wails.writeUninstaller
SectionEnd

Section "un.ShelfSync" # the program itself: always removed
    SectionIn RO
    !insertmacro wails.setShellContext

    RMDir /r "$AppData\${PRODUCT_EXECUTABLE}" # Remove the WebView2 DataPath

    !insertmacro shelfsync.removeFromUserPath
    DeleteRegValue HKCU "${RUN_KEY}" "${RUN_VALUE}" # no start at login once it is gone

    RMDir /r $INSTDIR

    Delete "$SMPROGRAMS\${INFO_PRODUCTNAME}.lnk"
    Delete "$DESKTOP\${INFO_PRODUCTNAME}.lnk"

    !insertmacro wails.unassociateFiles
    !insertmacro wails.unassociateCustomProtocols

    !insertmacro wails.deleteUninstaller
SectionEnd

# Off unless the merchant ticks it (and never in a silent uninstall): the
# connections, history and settings stay for a reinstall.
Section /o "un.Also delete my ShelfSync data (connections, history, settings)" SEC_DELETE_DATA
    !insertmacro wails.setShellContext
    RMDir /r "${DATA_FOLDER}"
SectionEnd
